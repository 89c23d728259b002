import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Person } from '../person/person.entity.ts';
import { SharingConsent } from './sharing-consent.entity.ts';
import { SetSharingConsentInput, SetSharingConsentPayload } from './sharing-consent.inputs.ts';
import { setSharingConsent } from './sharing-consent.service.ts';

@Resolver(() => Person)
export class SharingConsentResolver {
  @FieldResolver(() => SharingConsent, {
    nullable: true,
    description: "Consent to share this elder's needs, redacted, with charities; null if never asked.",
  })
  async sharingConsent(@Root() person: Person, @Ctx() ctx: Context): Promise<SharingConsent | null> {
    return (await ctx.loaders.sharingConsentOf.load(person.id)) ?? null;
  }

  @Mutation(() => SetSharingConsentPayload, {
    description: "Gives or withdraws an elder's consent to share their needs with charities.",
  })
  setSharingConsent(@Arg('input', () => SetSharingConsentInput) input: SetSharingConsentInput, @Ctx() ctx: Context) {
    return setSharingConsent(ctx, input);
  }
}
