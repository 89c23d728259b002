import { In } from 'typeorm';
import type { Context } from '../../context.ts';
import type { Helper } from '../helper/helper.entity.ts';
import { MatchProposal } from '../matching/proposal.entity.ts';
import { MatchTier, ProposalStatus } from '../matching/matching.enums.ts';
import type { Need } from '../need/need.entity.ts';
import { OrganisationKind } from '../organisation/organisation.enums.ts';
import type { Person } from '../person/person.entity.ts';
import { RelationshipKind } from '../relationship/relationship.enums.ts';
import { RelationshipRow } from '../relationship/relationship.entity.ts';
import { CareMode } from './agreement.enums.ts';

const MODE_OF_TIER: Record<MatchTier, CareMode> = {
  [MatchTier.KIN]: CareMode.KIN,
  [MatchTier.CADRE]: CareMode.CADRE_PAIRING,
  [MatchTier.NEIGHBOUR]: CareMode.NEIGHBOUR,
  [MatchTier.VILLAGE]: CareMode.NEIGHBOUR,
  [MatchTier.ORGANISATION]: CareMode.CHARITY_HOME,
};

/**
 * The care mode an agreement starts with (a coordinator may choose another): an organisation's
 * by its kind; a villager's by the tier of the confirmed match, or, for care the family arranged
 * without one, by the tie between the two (kin, a cadre's pairing, else neighbours).
 */
export async function defaultCareMode(ctx: Context, elder: Person, helper: Helper, needs: Need[]): Promise<CareMode> {
  if (helper.organisationId) {
    const organisation = await ctx.loaders.organisation.load(helper.organisationId);
    if (organisation?.kind === OrganisationKind.MEDICAL_CARE_CENTRE) return CareMode.MEDICAL_CENTRE;
    if (organisation?.kind === OrganisationKind.PARTY_BRANCH) return CareMode.CADRE_PAIRING;
    return CareMode.CHARITY_HOME;
  }
  const matched = await ctx.em.findOne(MatchProposal, {
    where: {
      needId: In(needs.map((need) => need.id)),
      helperId: helper.id,
      status: In([ProposalStatus.CONFIRMED, ProposalStatus.REASSIGNED]),
    },
    order: { decidedAt: 'DESC' },
  });
  if (matched) return MODE_OF_TIER[matched.tier];
  const [a, b] = elder.id < helper.personId! ? [elder.id, helper.personId!] : [helper.personId!, elder.id];
  const ties = await ctx.em.findBy(RelationshipRow, { personAId: a, personBId: b });
  const kinds = new Set(ties.map((tie) => tie.kind));
  if (kinds.has(RelationshipKind.KIN) || kinds.has(RelationshipKind.SPOUSE)) return CareMode.KIN;
  if (kinds.has(RelationshipKind.CADRE_PAIRING)) return CareMode.CADRE_PAIRING;
  return CareMode.NEIGHBOUR;
}
