import { reliabilityOf } from '../visit/reliability.ts';
import type { Context } from '../../context.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import type { Need } from '../need/need.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Person } from '../person/person.entity.ts';
import { termFromSide } from '../relationship/kin-terms.ts';
import { relationOf, sentenceEn, sentenceZh, type Party } from './explanation.ts';
import type { MatchProposal } from './proposal.entity.ts';
import type { ProposalCost, ProposalExplanation } from './matching.types.ts';
import type { RunnerUpReason } from './matching.enums.ts';

/** Who a helper is to this elder, and their name when the viewer may read it. */
async function partyOf(ctx: Context, helper: Helper | null, elderId: string, tier: string | null): Promise<Party> {
  if (!helper) return { name: null, relation: relationOf(tier, null, null) };
  if (helper.organisationId) {
    const organisation = await ctx.loaders.organisation.load(helper.organisationId);
    return { name: null, relation: relationOf(tier, null, organisation?.name ?? null) };
  }
  const [person, ties, sides] = await Promise.all([
    readablePersonOrNull(ctx, helper.personId),
    ctx.loaders.relationshipsOf.load(elderId),
    ctx.loaders.person.loadMany([elderId, helper.personId!]),
  ]);
  const tie = ties.find((t) => t.otherId === helper.personId) ?? null;
  const [elder, helperPerson] = sides;
  // What the helper is to the elder (her 儿子), from the pair's recorded term.
  const term =
    tie && elder instanceof Person && helperPerson instanceof Person
      ? termFromSide(tie.kind, tie.pairTerm, elder, helperPerson)
      : null;
  return { name: person?.name ?? null, relation: relationOf(tier, tie ? { kind: tie.kind, term } : null, null) };
}

/** How to call another elder in a sentence: 张老人 / elder 张; null when the viewer may not read them. */
async function elderCalled(ctx: Context, needId: string | undefined) {
  const need: Need | undefined = needId ? await ctx.loaders.need.load(needId) : undefined;
  const elder = need ? await readablePersonOrNull(ctx, need.elderId) : null;
  if (!elder) return null;
  const surname = [...elder.name][0];
  return { zh: `${surname}老人`, en: `elder ${surname}` };
}

export async function explainProposal(ctx: Context, proposal: MatchProposal): Promise<ProposalExplanation> {
  const need = (await ctx.loaders.need.load(proposal.needId))!;
  const [chosen, loaded] = await Promise.all([
    ctx.loaders.helper.load(proposal.helperId),
    ctx.loaders.helper.loadMany(proposal.runnersUp.map((r) => r.helperId)),
  ]);
  const helper = chosen && (await canReadHelper(ctx, chosen)) ? chosen : null;
  const visible = await Promise.all(loaded.map((h) => (h instanceof Helper ? canReadHelper(ctx, h) : false)));
  const others = loaded.map((h, index) => (visible[index] ? (h as Helper) : null));
  const [party, load, record, runnerParties, takenFor] = await Promise.all([
    partyOf(ctx, helper, need.elderId, proposal.tier),
    helper?.personId ? ctx.loaders.loadOf.load(helper.id) : null,
    // As the run weighed it; proposals from before runs kept it read the record now.
    helper && !proposal.helperRecord ? ctx.loaders.helperRecord.load(helper.id) : null,
    Promise.all(proposal.runnersUp.map((r, i) => partyOf(ctx, others[i], need.elderId, r.tier))),
    Promise.all(proposal.runnersUp.map((r) => elderCalled(ctx, r.takenFor))),
  ]);
  const facts = {
    helper: party,
    elderChoice: proposal.elderChoice,
    safetyNet: proposal.safetyNet,
    outsideHours: proposal.outsideHours,
    load: helper?.personId && load ? { minutes: load.minutes, weeklyMinutes: helper.weeklyMinutes } : null,
    record: proposal.helperRecord ? proposal.helperRecord.record : reliabilityOf(record),
    runnersUp: proposal.runnersUp.map((r, i) => ({
      ...runnerParties[i],
      reason: r.reason,
      takenForElder: takenFor[i],
    })),
  };
  const takenNeeds = await Promise.all(
    proposal.runnersUp.map(async (r, i) =>
      r.takenFor && takenFor[i] ? ((await ctx.loaders.need.load(r.takenFor)) ?? null) : null,
    ),
  );
  return {
    tier: proposal.tier,
    // Proposals made before the reliability term have no such part: it was 0.
    cost: { reliability: 0, ...proposal.cost } as unknown as ProposalCost,
    runnersUp: proposal.runnersUp.map((r, i) => ({
      helper: others[i],
      tier: r.tier as never,
      reason: r.reason as RunnerUpReason,
      cost: r.cost,
      takenFor: takenNeeds[i],
    })),
    summary: sentenceZh(facts),
    summaryEn: sentenceEn(facts),
  };
}
