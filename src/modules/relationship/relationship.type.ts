import { Field, Int, ObjectType, ID } from 'type-graphql';
import { toQualifiedGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { RelationshipKind } from './relationship.enums.ts';
import type { RelationshipRow } from './relationship.entity.ts';
import { UserError } from '../../common/user-error.ts';

/**
 * A tie seen from one of its two people: `person` is that one, `other` the one at the far end.
 * Each side is an object of its own (its own id), so that a client's normalised cache keeps
 * both: reading the son's ties never rewrites his mother's.
 */
@ObjectType({
  implements: Node,
  description:
    'A tie between two people, seen from `person`. The same tie seen from `other` is another object, with its own id.',
})
export class Relationship implements Node {
  constructor(
    readonly row: RelationshipRow,
    /** The person through whom the tie is seen. */
    readonly personId: string,
  ) {}

  get nodeType(): string {
    return 'Relationship';
  }

  get globalId(): string {
    return toQualifiedGlobalId('Relationship', this.row.id, this.personId);
  }

  get otherId(): string {
    return this.row.personAId === this.personId ? this.row.personBId : this.row.personAId;
  }

  @Field(() => RelationshipKind)
  get kind(): RelationshipKind {
    return this.row.kind;
  }

  @Field(() => Int, { nullable: true, description: 'Degree of kinship 1–4 for KIN ties.' })
  get kinDegree(): number | null {
    return this.row.kinDegree;
  }

  @Field(() => String, {
    nullable: true,
    description: 'The kin term as recorded for the pair, e.g. 母子, 祖孙, 叔侄 (see `kinTerm` for one side).',
  })
  get pairTerm(): string | null {
    return this.row.kinTerm;
  }

  @Field(() => Date)
  get createdAt(): Date {
    return this.row.createdAt;
  }
}

@ObjectType()
export class AddRelationshipPayload {
  @Field(() => Relationship, { nullable: true, description: 'The new tie, seen from `personId`.' })
  relationship: Relationship | null;

  @Field(() => [UserError])
  errors: UserError[];
}

@ObjectType()
export class RemoveRelationshipPayload {
  @Field(() => ID, { nullable: true })
  removedRelationshipId: string | null;

  @Field(() => [UserError])
  errors: UserError[];
}
