import crypto from 'node:crypto';
import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType, qualifiedIdOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { Person } from '../person/person.entity.ts';
import { RelationshipRow } from './relationship.entity.ts';
import { MAX_KIN_DEGREE, RelationshipKind } from './relationship.enums.ts';
import type { AddRelationshipInput, RemoveRelationshipInput } from './relationship.inputs.ts';
import { Relationship } from './relationship.type.ts';

/** The person behind `globalId` if the viewer may write them; otherwise a problem on `field`. */
async function writablePerson(
  ctx: Context,
  globalId: string,
  field: string,
  problems: Problems,
): Promise<Person | undefined> {
  const id = idOfType(globalId, 'Person');
  const person = id ? await ctx.loaders.person.load(id) : undefined;
  const region = person ? await ctx.loaders.region.load(person.regionId) : undefined;
  if (!person || !region || !ctx.viewer.covers(region.path)) {
    problems.add(field, UserErrorCode.NOT_FOUND, 'No person with this id in your region');
    return undefined;
  }
  if (!ctx.viewer.canWrite(region.path)) throw forbidden("You cannot change this person's ties");
  return person;
}

function checkKinFields(input: AddRelationshipInput, problems: Problems): void {
  if (input.kind === RelationshipKind.KIN) {
    if (input.kinDegree == null) problems.add('kinDegree', UserErrorCode.REQUIRED, 'A KIN tie needs a kinDegree');
    else if (input.kinDegree < 1 || input.kinDegree > MAX_KIN_DEGREE) {
      problems.add('kinDegree', UserErrorCode.OUT_OF_RANGE, `kinDegree must be between 1 and ${MAX_KIN_DEGREE}`);
    }
  } else {
    if (input.kinDegree != null)
      problems.add('kinDegree', UserErrorCode.CONFLICT, `Only KIN ties have a degree, not ${input.kind}`);
    if (input.kinTerm != null)
      problems.add('kinTerm', UserErrorCode.CONFLICT, `Only KIN ties have a kin term, not ${input.kind}`);
  }
}

async function checkNewTie(ctx: Context, input: AddRelationshipInput, problems: Problems) {
  checkKinFields(input, problems);
  const person = await writablePerson(ctx, input.personId, 'personId', problems);
  const other = await writablePerson(ctx, input.otherPersonId, 'otherPersonId', problems);
  if (!person || !other) return undefined;
  if (person.id === other.id) {
    problems.add('otherPersonId', UserErrorCode.CONFLICT, 'A person cannot be tied to themselves');
    return undefined;
  }
  if (input.kind === RelationshipKind.CADRE_PAIRING && !person.partyMember && !other.partyMember) {
    problems.add('kind', UserErrorCode.CONFLICT, 'A 包帮 pairing needs a party member or cadre on one side');
  }
  if (person.countyId !== other.countyId) {
    problems.add('otherPersonId', UserErrorCode.OUT_OF_SCOPE, 'Both people must be registered in the same county');
  }
  const [a, b] = person.id < other.id ? [person.id, other.id] : [other.id, person.id];
  if (await ctx.em.existsBy(RelationshipRow, { personAId: a, personBId: b, kind: input.kind })) {
    problems.add('otherPersonId', UserErrorCode.DUPLICATE, `These two already have a ${input.kind} tie`);
  } else if (input.kind === RelationshipKind.SPOUSE) {
    const married = await ctx.em
      .getRepository(RelationshipRow)
      .createQueryBuilder('r')
      .where('r.kind = :kind AND (r.person_a_id IN (:a, :b) OR r.person_b_id IN (:a, :b))', {
        kind: RelationshipKind.SPOUSE,
        a,
        b,
      })
      .getExists();
    if (married) problems.add('kind', UserErrorCode.CONFLICT, 'One of the two already has a spouse recorded');
  }
  return { person, a, b };
}

export function addRelationship(ctx: Context, input: AddRelationshipInput): Promise<MutationResult<Relationship>> {
  const perspective = idOfType(input.personId, 'Person') ?? '';
  return runMutation(ctx, {
    action: 'addRelationship',
    input,
    uniqueConstraints: { relationship_unique: 'otherPersonId' },
    reload: async (id) => {
      const row = await ctx.em.findOneBy(RelationshipRow, { id });
      return row ? new Relationship(row, perspective) : undefined;
    },
    check: async (problems) => {
      const tie = await checkNewTie(ctx, input, problems);
      if (!tie || problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.insert(RelationshipRow, {
          id,
          countyId: tie.person.countyId,
          personAId: tie.a,
          personBId: tie.b,
          kind: input.kind,
          kinDegree: input.kind === RelationshipKind.KIN ? input.kinDegree! : null,
          kinTerm: input.kinTerm?.trim() || null,
        });
        const row = await ctx.em.findOneByOrFail(RelationshipRow, { id });
        return {
          result: new Relationship(row, tie.person.id),
          entityType: 'Relationship',
          entityId: id,
          countyId: row.countyId,
          changedFields: ['personId', 'otherPersonId', 'kind', 'kinDegree', 'kinTerm'].filter(
            (f) => (input as never)[f] != null,
          ),
        };
      };
    },
  });
}

export function removeRelationship(ctx: Context, input: RemoveRelationshipInput): Promise<MutationResult<string>> {
  return runMutation(ctx, {
    action: 'removeRelationship',
    input,
    reload: async () => input.id,
    check: async (problems) => {
      const id = qualifiedIdOfType(input.id, 'Relationship')?.id;
      const row = id ? await ctx.em.findOneBy(RelationshipRow, { id }) : null;
      const people = row ? await ctx.loaders.person.loadMany([row.personAId, row.personBId]) : [];
      const regions = await ctx.loaders.region.loadMany(people.map((p) => (p instanceof Person ? p.regionId : '')));
      const paths = regions.map((r) => (r && 'path' in r ? r.path : []));
      if (!row || !paths.every((path) => ctx.viewer.covers(path))) {
        problems.add('id', UserErrorCode.NOT_FOUND, 'No relationship with this id in your region');
        return undefined;
      }
      if (!paths.every((path) => ctx.viewer.canWrite(path))) throw forbidden('You cannot change these ties');
      return async () => {
        await ctx.em.delete(RelationshipRow, { id: row.id });
        return {
          result: input.id,
          entityType: 'Relationship',
          entityId: row.id,
          countyId: row.countyId,
          changedFields: [],
        };
      };
    },
  });
}

/** A tie by row id, seen from `seenFrom` (one of its people; its first by default), if the viewer may read both ends. */
export async function requireReadableRelationship(ctx: Context, id: string, seenFrom?: string): Promise<Relationship> {
  const row = await ctx.em.findOneBy(RelationshipRow, { id });
  if (row && seenFrom !== undefined && seenFrom !== row.personAId && seenFrom !== row.personBId)
    throw notFound('No relationship has this id');
  if (!row) throw notFound('No relationship has this id');
  const people = await ctx.loaders.person.loadMany([row.personAId, row.personBId]);
  for (const person of people) {
    if (!(person instanceof Person)) throw notFound('No relationship has this id');
    const region = await ctx.loaders.region.load(person.regionId);
    ctx.viewer.assertCanRead(region!.path);
  }
  return new Relationship(row, seenFrom ?? row.personAId);
}
