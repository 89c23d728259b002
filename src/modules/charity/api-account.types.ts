import { RegionKind } from '../region/region.enums.ts';
import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from './api-account.entity.ts';

@ObjectType({
  description: 'A newly issued key. The secret is shown once, here: store it; only its prefix is kept readable.',
})
export class IssuedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, {
    nullable: true,
    description: 'The whole key. Null when this is a replay of an earlier request with the same idempotency key.',
  })
  secret: string | null;
}

@ObjectType({ description: "A region named in an account's scope." })
export class ScopeRegion {
  @Field(() => String) code: string;
  @Field(() => String) name: string;
  @Field(() => RegionKind) kind: RegionKind;
}
