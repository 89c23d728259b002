import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Need } from '../need/need.entity.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { AgreementChange, AgreementSignature, CareAgreement } from './agreement.entity.ts';
import { AgreementParty } from './agreement.enums.ts';
import {
  AllowHelperAgainInput,
  AllowHelperAgainPayload,
  CareAgreementsArgs,
  ChangeCareAgreementInput,
  ChangeCareAgreementPayload,
  CreateCareAgreementInput,
  CreateCareAgreementPayload,
  EndCareAgreementInput,
  SignCareAgreementInput,
  SignCareAgreementPayload,
} from './agreement.inputs.ts';
import {
  canReadAgreement,
  createCareAgreement,
  listAgreements,
  requireReadableAgreement,
  requiredParties,
  resumeCareAgreement,
  suspendCareAgreement,
} from './agreement.service.ts';
import { signCareAgreement } from './agreement-signing.ts';
import { allowHelperAgain, endCareAgreement } from './agreement-ending.ts';
import { agreementContentHash, printPath } from './agreement-print.ts';

export const CareAgreementConnection = ConnectionType(CareAgreement, 'CareAgreement');

@Resolver(() => CareAgreement)
export class CareAgreementResolver {
  @Query(() => CareAgreementConnection, {
    description:
      "Care agreements of elders in a region's subtree, newest first. Helpers and family members see only those they are a party to.",
  })
  careAgreements(
    @Args(() => CareAgreementsArgs) args: CareAgreementsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<CareAgreement>> {
    return listAgreements(ctx, args);
  }

  @Query(() => CareAgreement, {
    nullable: true,
    description: 'Null, with a NOT_FOUND or FORBIDDEN error, when unreadable.',
  })
  careAgreement(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CareAgreement> {
    return requireReadableAgreement(ctx, id);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Null when the viewer may not read the elder.' })
  elder(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, agreement.elderId);
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description: 'The proxy or guardian, when one acts (and the viewer may read them).',
  })
  proxy(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, agreement.proxyId);
  }

  @FieldResolver(() => Helper, { nullable: true, description: 'Null when the viewer may not read the helper.' })
  async helper(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Helper | null> {
    const helper = await ctx.loaders.helper.load(agreement.helperId);
    return helper && (await canReadHelper(ctx, helper)) ? helper : null;
  }

  @FieldResolver(() => [Need], { description: 'The needs it covers: the services and their schedule.' })
  async needs(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Need[]> {
    const rows = await ctx.loaders.needsOfAgreement.load(agreement.id);
    const needs = await ctx.loaders.need.loadMany(rows.map((row) => row.needId));
    return needs.filter((need): need is Need => need instanceof Need);
  }

  @FieldResolver(() => [AgreementSignature], { description: 'Signatures so far, in the order given.' })
  signatures(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<AgreementSignature[]> {
    return ctx.loaders.signaturesOf.load(agreement.id);
  }

  @FieldResolver(() => [AgreementParty], { description: 'Parties still to sign before it comes into force.' })
  async awaitingSignatures(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<AgreementParty[]> {
    const signed = new Set((await ctx.loaders.signaturesOf.load(agreement.id)).map((s) => s.party));
    return requiredParties(agreement).filter((party) => !signed.has(party));
  }

  @FieldResolver(() => [AgreementChange], { description: 'Every status change: from, to, who, when, why.' })
  history(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<AgreementChange[]> {
    return ctx.loaders.agreementHistoryOf.load(agreement.id);
  }

  @FieldResolver(() => String, {
    description:
      'A short hash of what the parties agree to (parties, mode, duties, needs, term), printed on the paper copy so that a signed copy can be matched to its record.',
  })
  async contentHash(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<string> {
    return agreementContentHash(ctx, agreement);
  }

  @FieldResolver(() => String, {
    description:
      'Where the printable A4 form (Chinese) is served, on this server; GET it with the same Authorization header.',
  })
  printPath(@Root() agreement: CareAgreement): string {
    return printPath(agreement.id);
  }

  @Mutation(() => CreateCareAgreementPayload, {
    description:
      'Drafts an agreement between an elder and a helper for needs this helper serves (a confirmed proposal) or OPEN ones (care the family arranged without a run). It comes into force when every party has signed.',
  })
  createCareAgreement(
    @Arg('input', () => CreateCareAgreementInput) input: CreateCareAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CareAgreement>> {
    return createCareAgreement(ctx, input);
  }

  @Mutation(() => SignCareAgreementPayload, {
    description:
      'One party signs, once: in the app (the party themself), on paper or by thumbprint (recorded by an officer). The last signature brings it into force.',
  })
  signCareAgreement(
    @Arg('input', () => SignCareAgreementInput) input: SignCareAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CareAgreement>> {
    return signCareAgreement(ctx, input);
  }

  @Mutation(() => ChangeCareAgreementPayload, {
    description: 'An officer suspends an ACTIVE agreement, with the reason.',
  })
  suspendCareAgreement(
    @Arg('input', () => ChangeCareAgreementInput) input: ChangeCareAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CareAgreement>> {
    return suspendCareAgreement(ctx, input);
  }

  @Mutation(() => ChangeCareAgreementPayload, {
    description: 'An officer resumes a SUSPENDED agreement, with the reason.',
  })
  resumeCareAgreement(
    @Arg('input', () => ChangeCareAgreementInput) input: ChangeCareAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CareAgreement>> {
    return resumeCareAgreement(ctx, input);
  }

  @Mutation(() => ChangeCareAgreementPayload, {
    description:
      'Ends an agreement. The elder (or the proxy) may at any moment, and may bar the helper from being proposed again; the helper asks with notice; an officer ends it for them. Its needs are OPEN again for the next run.',
  })
  endCareAgreement(
    @Arg('input', () => EndCareAgreementInput) input: EndCareAgreementInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CareAgreement>> {
    return endCareAgreement(ctx, input);
  }

  @Mutation(() => AllowHelperAgainPayload, {
    description: 'The elder allows a helper they barred (on ending an agreement) to be proposed again.',
  })
  allowHelperAgain(
    @Arg('input', () => AllowHelperAgainInput) input: AllowHelperAgainInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Person>> {
    return allowHelperAgain(ctx, input);
  }
}

@Resolver(() => Need)
export class NeedAgreementsResolver {
  @FieldResolver(() => [CareAgreement], { description: 'Care agreements covering this need that you may read.' })
  async careAgreements(@Root() need: Need, @Ctx() ctx: Context): Promise<CareAgreement[]> {
    const rows = await ctx.loaders.agreementsOfNeed.load(need.id);
    const agreements = await ctx.loaders.careAgreement.loadMany(rows.map((row) => row.agreementId));
    const readable: CareAgreement[] = [];
    for (const agreement of agreements)
      if (agreement instanceof CareAgreement && (await canReadAgreement(ctx, agreement))) readable.push(agreement);
    return readable;
  }
}
