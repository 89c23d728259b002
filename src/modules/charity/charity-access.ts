import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Role } from '../../auth/role.ts';
import type { Viewer } from '../../auth/viewer.ts';

/**
 * What a charity's key may ask, by root field. Everything else is refused before execution,
 * so no resolver has to remember charities exist; and the types these fields reach are walked
 * by a test that fails if any of them leads to a person, a need or a household.
 */
export const CHARITY_ROOT_FIELDS: Record<'query' | 'mutation' | 'subscription', ReadonlySet<string>> = {
  query: new Set([
    'publicNeeds',
    'publicNeed',
    'myPledges',
    'charityAccount',
    'webhookEndpoints',
    'serviceTypes',
    'certificateKinds',
  ]),
  mutation: new Set([
    'pledgeSupport',
    'withdrawPledge',
    'registerWebhookEndpoint',
    'updateWebhookEndpoint',
    'replayWebhookEvent',
    'rotateApiKey',
    'revokeApiKey',
  ]),
  subscription: new Set(['needPublished', 'needUpdated']),
};

const INTROSPECTION = new Set(['__typename', '__schema', '__type']);

/** The root field names an operation selects, through fragments. */
export function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...names];
}

/** Root fields of the operation a charity may not ask; empty for anyone else. */
export function deniedToCharity(viewer: Viewer, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  if (viewer.role !== Role.CHARITY) return [];
  const allowed = CHARITY_ROOT_FIELDS[operation.operation];
  return rootFieldNames(document, operation).filter((name) => !INTROSPECTION.has(name) && !allowed.has(name));
}
