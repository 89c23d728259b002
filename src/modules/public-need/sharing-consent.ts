import { IsOptional } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { In, type EntityManager } from 'typeorm';
import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { toGlobalId, idOfType } from '../../common/global-id.ts';
import { batchLoader, type BatchWaves } from '../../common/loader.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { elderInScope, tied } from '../need/need.checks.ts';
import { NEED_ROLES } from '../need/need.service.ts';
import { Person } from '../person/person.entity.ts';

@ObjectType({ description: 'An elder\'s consent to show their needs, redacted, to charities working in their area.' })
@Entity('sharing_consent')
export class SharingConsent {
  @PrimaryColumn('uuid', { name: 'elder_id' })
  elderId: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'given_by_id' })
  givenById: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'given_at' })
  givenAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column('text', { name: 'recorded_by' })
  recordedBy: string;

  @Field(() => Boolean, { description: 'Given and not withdrawn.' })
  get consented(): boolean {
    return this.withdrawnAt === null;
  }

  @Field(() => ID, { name: 'givenById', description: 'The elder, or the proxy who spoke for them.' })
  get givenByGlobalId(): string {
    return toGlobalId('Person', this.givenById);
  }
}

export function consentLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    sharingConsentOf: batchLoader<string, SharingConsent | undefined>(waves, async (elderIds) => {
      const rows = await em().getRepository(SharingConsent).findBy({ elderId: In([...elderIds]) });
      const byElder = new Map(rows.map((row) => [row.elderId, row]));
      return elderIds.map((id) => byElder.get(id));
    }),
  };
}

@InputType({ description: 'Records that an elder, or their proxy, gave or withdrew consent to share their needs with charities.' })
export class SetSharingConsentInput extends MutationInput {
  @Field(() => ID)
  elderId: string;

  @Field(() => Boolean, { description: 'true gives consent; false withdraws it (their needs leave the feed at once).' })
  consent: boolean;

  @Field(() => ID, { nullable: true, description: 'Who gave it: the elder (default) or a proxy tied to them. A FAMILY_PROXY token defaults to its own person.' })
  @IsOptional()
  givenById?: string | null;
}

const SetSharingConsentPayload = PayloadType('SetSharingConsentPayload', 'sharingConsent', () => SharingConsent);

function setSharingConsent(ctx: Context, input: SetSharingConsentInput): Promise<MutationResult<SharingConsent>> {
  return runMutation(ctx, {
    action: 'setSharingConsent',
    input,
    roles: NEED_ROLES,
    reload: (id) => ctx.em.findOneBy(SharingConsent, { elderId: id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const elder = await elderInScope(ctx, input.elderId, problems);
      if (!elder) return undefined;
      if (!elder.isElder) problems.add('elderId', UserErrorCode.WRONG_KIND, 'Consent to share needs is recorded for elders aged 60 and over');
      let givenById = elder.id;
      if (input.givenById != null) {
        const id = idOfType(input.givenById, 'Person');
        const person = id ? await ctx.loaders.person.load(id) : undefined;
        if (!person) problems.add('givenById', UserErrorCode.NOT_FOUND, 'No person has this id');
        else givenById = person.id;
      } else if (ctx.viewer.role === Role.FAMILY_PROXY) {
        givenById = ctx.viewer.claims?.personId ?? '';
        if (!givenById) throw forbidden('A FAMILY_PROXY token must name its person');
      }
      if (!problems.any && givenById !== elder.id && !(await tied(ctx, givenById, elder.id))) {
        problems.add('givenById', UserErrorCode.NO_TIE, 'Only the elder or a proxy tied to them can give or withdraw consent');
      }
      if (ctx.viewer.role === Role.FAMILY_PROXY && givenById !== ctx.viewer.claims?.personId) {
        throw forbidden('A family proxy records consent only in their own name');
      }
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.query(
          `INSERT INTO sharing_consent (elder_id, county_id, given_by_id, given_at, withdrawn_at, recorded_by)
           VALUES ($1, $2, $3, now(), CASE WHEN $4 THEN NULL ELSE now() END, $5)
           ON CONFLICT (elder_id) DO UPDATE SET given_by_id = excluded.given_by_id, recorded_by = excluded.recorded_by,
             given_at = CASE WHEN $4 AND sharing_consent.withdrawn_at IS NOT NULL THEN now() ELSE sharing_consent.given_at END,
             withdrawn_at = CASE WHEN $4 THEN NULL ELSE coalesce(sharing_consent.withdrawn_at, now()) END`,
          [elder.id, elder.countyId, givenById, input.consent, ctx.viewer.subject]);
        ctx.record({ type: 'SharingConsentChanged', elderId: elder.id });
        const consent = await ctx.em.findOneByOrFail(SharingConsent, { elderId: elder.id });
        return { result: consent, entityType: 'SharingConsent', entityId: elder.id, countyId: elder.countyId, changedFields: ['consent'] };
      };
    },
  });
}

@Resolver(() => Person)
export class SharingConsentResolver {
  @FieldResolver(() => SharingConsent, { nullable: true, description: 'Consent to share this elder\'s needs, redacted, with charities; null if never asked.' })
  async sharingConsent(@Root() person: Person, @Ctx() ctx: Context): Promise<SharingConsent | null> {
    return (await ctx.loaders.sharingConsentOf.load(person.id)) ?? null;
  }

  @Mutation(() => SetSharingConsentPayload, { description: 'Gives or withdraws an elder\'s consent to share their needs with charities.' })
  setSharingConsent(@Arg('input', () => SetSharingConsentInput) input: SetSharingConsentInput, @Ctx() ctx: Context) {
    return setSharingConsent(ctx, input);
  }
}
