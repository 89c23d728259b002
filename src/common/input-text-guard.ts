import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { unsafeTextProblem } from './text.ts';

function refuse(path: string, problem: string): GraphQLError {
  return new GraphQLError(`${path} ${problem}; remove it and send again`, {
    extensions: { code: 'BAD_USER_INPUT', argument: path, http: { status: 400 } },
  });
}

function checkValue(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value);
    if (problem) throw refuse(path, problem);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(item, `${path}.${index}`));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkValue(item, `${path}.${key}`);
  }
}

/**
 * Every string a request carries — in variables or written into the query — is checked before
 * anything runs: a control character is a clear BAD_USER_INPUT naming where it was, not an
 * internal error from the database (which cannot store NUL) or a terminal escape in a log.
 */
export function assertCleanInput(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  checkValue(variables ?? {}, '$');
  visit(document, {
    [Kind.STRING](node) {
      const problem = unsafeTextProblem(node.value);
      if (problem) throw refuse('a string in the query', problem);
    },
  });
}

export function inputTextGuard<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          assertCleanInput(document, request.variables);
        },
      };
    },
  };
}
