import { toGlobalId } from '../../common/global-id.ts';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { Context } from '../../context.ts';
import { Organisation } from '../organisation/organisation.entity.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Region } from '../region/region.entity.ts';
import { Helper } from './helper.entity.ts';
import { Certificate, HelperAvailability } from './helper-parts.entity.ts';
import {
  AddCertificateInput,
  HelpersArgs,
  PauseHelperInput,
  ResumeHelperInput,
  SetHelperCapacityInput,
} from './helper.inputs.ts';
import {
  AddCertificatePayload,
  HelperLoad,
  PauseHelperPayload,
  ResumeHelperPayload,
  SetHelperCapacityPayload,
} from './helper.types.ts';
import { addCertificate, listHelpers, pauseHelper, resumeHelper, setHelperCapacity } from './helper.service.ts';

export const HelperConnection = ConnectionType(Helper, 'Helper');

@Resolver(() => Helper)
export class HelperResolver {
  @Query(() => HelperConnection, { description: "Helpers living in a region's subtree, and organisations serving it." })
  helpers(@Args(() => HelpersArgs) args: HelpersArgs, @Ctx() ctx: Context): Promise<Connection<Helper>> {
    return listHelpers(ctx, args);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The villager, for a PERSON helper.' })
  person(@Root() helper: Helper, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, helper.personId);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation, for an ORGANISATION helper.' })
  async organisation(@Root() helper: Helper, @Ctx() ctx: Context): Promise<Organisation | null> {
    return helper.organisationId ? ((await ctx.loaders.organisation.load(helper.organisationId)) ?? null) : null;
  }

  @FieldResolver(() => Region, { description: "Home village or group, or the organisation's seat." })
  async region(@Root() helper: Helper, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(helper.regionId))!;
  }

  @FieldResolver(() => [HelperAvailability], { description: 'Weekly availability windows.' })
  availability(@Root() helper: Helper, @Ctx() ctx: Context): Promise<HelperAvailability[]> {
    return ctx.loaders.availabilityOf.load(helper.id);
  }

  @FieldResolver(() => [Certificate], { description: 'Certificates, latest expiry first, expired ones included.' })
  async certificates(@Root() helper: Helper, @Ctx() ctx: Context): Promise<Certificate[]> {
    const certificates = await ctx.loaders.certificatesOf.load(helper.id);
    for (const certificate of certificates) certificate.regionId = helper.regionId;
    return certificates;
  }

  @FieldResolver(() => HelperLoad, {
    description: 'Minutes and elders already committed by active assignments (summed in SQL).',
  })
  async load(@Root() helper: Helper, @Ctx() ctx: Context): Promise<HelperLoad> {
    const committed = await ctx.loaders.loadOf.load(helper.id);
    return {
      id: toGlobalId('HelperLoad', helper.id),
      committedMinutes: committed.minutes,
      committedElders: committed.elders,
      remainingMinutes: Math.max(helper.weeklyMinutes - committed.minutes, 0),
      remainingElders: Math.max(helper.maxElders - committed.elders, 0),
    };
  }

  @Mutation(() => SetHelperCapacityPayload, {
    description: 'Creates or replaces what a villager or an organisation offers.',
  })
  async setHelperCapacity(
    @Arg('input', () => SetHelperCapacityInput) input: SetHelperCapacityInput,
    @Ctx() ctx: Context,
  ): Promise<SetHelperCapacityPayload> {
    const { result, errors } = await setHelperCapacity(ctx, input);
    return { helper: result, errors };
  }

  @Mutation(() => PauseHelperPayload, {
    description: 'Takes a helper out of matching for a while (e.g. away for work).',
  })
  async pauseHelper(
    @Arg('input', () => PauseHelperInput) input: PauseHelperInput,
    @Ctx() ctx: Context,
  ): Promise<PauseHelperPayload> {
    const { result, errors } = await pauseHelper(ctx, input);
    return { helper: result, errors };
  }

  @Mutation(() => ResumeHelperPayload)
  async resumeHelper(
    @Arg('input', () => ResumeHelperInput) input: ResumeHelperInput,
    @Ctx() ctx: Context,
  ): Promise<ResumeHelperPayload> {
    const { result, errors } = await resumeHelper(ctx, input);
    return { helper: result, errors };
  }

  @Mutation(() => AddCertificatePayload, { description: 'Records a certificate; an expired one is refused.' })
  async addCertificate(
    @Arg('input', () => AddCertificateInput) input: AddCertificateInput,
    @Ctx() ctx: Context,
  ): Promise<AddCertificatePayload> {
    const { result, errors } = await addCertificate(ctx, input);
    const helper = result ? ((await ctx.em.findOneBy(Helper, { id: result.helperId })) ?? null) : null;
    return { certificate: result, helper, errors };
  }
}
