import crypto from 'node:crypto';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { today } from '../../common/time.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { RegionKind } from '../region/region.enums.ts';
import { DRAW_HISTORY_DAYS, drawSample, riskWeight, type RiskFacts } from './inspection-draw.ts';
import { Inspection, InspectionDraw, type DrawCandidate } from './supervision.entity.ts';
import { InspectionKind, InspectionStatus } from './supervision.enums.ts';
import type { DrawUnannouncedInspectionsInput } from './supervision.inputs.ts';
import { supervisionPolicyOf } from './supervision.service.ts';
import { Role } from '../../auth/role.ts';

/** Who draws: the officers of the region (never the helpers: they are not told). */
const DRAW_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR];

/** The ACTIVE agreements of a region's subtree with their risk over the last 30 days, by agreement id. */
async function riskOfAgreements(ctx: Context, regionId: string, day: string): Promise<RiskFacts[]> {
  const rows: { id: string; missed: number; low: number; dependent_alone: boolean }[] = await ctx.em.query(
    `SELECT a.id,
            (SELECT count(*)::int FROM visit v WHERE v.agreement_id = a.id AND v.status = 'MISSED'
                AND v.scheduled_date >= $2::date - $3::int AND v.scheduled_date < $2::date) AS missed,
            (SELECT count(*)::int FROM visit v WHERE v.agreement_id = a.id AND v.rating <= 2
                AND v.scheduled_date >= $2::date - $3::int AND v.scheduled_date < $2::date) AS low,
            (p.self_care_level = 'DEPENDENT' AND p.lives_alone) IS TRUE AS dependent_alone
       FROM care_agreement a JOIN person p ON p.id = a.elder_id
      WHERE a.status = 'ACTIVE' AND a.region_id IN (SELECT id FROM region WHERE $1 = ANY(path))
        -- One planned unannounced inspection at a time: an agreement awaiting one is not drawn again.
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.agreement_id = a.id AND i.kind = 'UNANNOUNCED' AND i.status = 'PLANNED')
      ORDER BY a.id`,
    [regionId, day, DRAW_HISTORY_DAYS],
  );
  return rows.map((row) => ({
    agreementId: row.id,
    missedVisits: row.missed,
    lowRatings: row.low,
    dependentAlone: row.dependent_alone,
  }));
}

/**
 * Draws unannounced inspections in a region: its ACTIVE agreements weighed by risk (riskWeight),
 * sampled from the seed (drawSample). The draw keeps the seed and every candidate's weight, and
 * each drawn agreement gets a PLANNED UNANNOUNCED inspection due within the county's days —
 * visible to officers and supervisors, never to the helper or the family.
 */
export function drawUnannouncedInspections(
  ctx: Context,
  input: DrawUnannouncedInspectionsInput,
): Promise<MutationResult<InspectionDraw>> {
  return runMutation(ctx, {
    action: 'drawUnannouncedInspections',
    input,
    roles: DRAW_ROLES,
    reload: (id) => ctx.em.findOneBy(InspectionDraw, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const regionId = idOfType(input.regionId, 'Region');
      const region = regionId ? await ctx.loaders.region.load(regionId) : undefined;
      if (!region || !ctx.viewer.covers(region.path)) {
        problems.add('regionId', UserErrorCode.NOT_FOUND, 'No region in your scope has this id');
        return undefined;
      }
      if (!ctx.viewer.canWrite(region.path)) throw forbidden('You cannot draw inspections in this region');
      // A chosen seed lets whoever draws try seeds until a favoured agreement is left out: the
      // server draws its own, and only an ADMIN may give one (to replay a draw, or to use a
      // public lottery number announced beforehand).
      if (input.seed && ctx.viewer.role !== Role.ADMIN)
        problems.add('seed', UserErrorCode.OUT_OF_SCOPE, 'The server chooses the seed; only an ADMIN may give one');
      if (region.kind === RegionKind.COUNTY)
        problems.add('regionId', UserErrorCode.WRONG_KIND, 'Draw in a township or a village, not a whole county');
      const day = today(ctx.config.now());
      const facts = problems.any ? [] : await riskOfAgreements(ctx, region.id, day);
      if (!problems.any && facts.length === 0)
        problems.add(
          'regionId',
          UserErrorCode.CONFLICT,
          'This region has no ACTIVE care agreement left to draw (none, or all await an unannounced inspection)',
        );
      if (problems.any) return undefined;
      const countyId = region.path[0];
      const policy = await supervisionPolicyOf(ctx, countyId);
      return async () => {
        const seed = input.seed?.trim() || crypto.randomBytes(8).toString('hex');
        const candidates: DrawCandidate[] = facts.map((f) => ({ agreementId: f.agreementId, weight: riskWeight(f) }));
        const drawn = drawSample(seed, candidates, input.sampleSize);
        const id = crypto.randomUUID();
        const dueDate = new Date(Date.parse(`${day}T00:00:00Z`) + policy.unannouncedDays * 86_400_000)
          .toISOString()
          .slice(0, 10);
        await ctx.em.insert(InspectionDraw, {
          id,
          countyId,
          regionId: region.id,
          seed,
          sampleSize: input.sampleSize,
          candidates,
          drawn,
          dueDate,
          drawnBy: ctx.viewer.subject,
        });
        const agreements = await ctx.loaders.careAgreement.loadMany(drawn);
        await ctx.em.insert(
          Inspection,
          agreements.map((agreement) => {
            if (!agreement || agreement instanceof Error) throw new Error('a drawn agreement vanished');
            return {
              id: crypto.randomUUID(),
              countyId,
              regionId: agreement.regionId,
              kind: InspectionKind.UNANNOUNCED,
              agreementId: agreement.id,
              householdId: null,
              helperId: agreement.helperId,
              drawId: id,
              status: InspectionStatus.PLANNED,
              dueDate,
              photoRefs: [],
              createdBy: ctx.viewer.subject,
            };
          }),
        );
        return {
          result: await ctx.em.findOneByOrFail(InspectionDraw, { id }),
          entityType: 'InspectionDraw',
          entityId: id,
          countyId,
          changedFields: ['drawn'],
        };
      };
    },
  });
}

/** Draws again from a draw's own record: true when it gives the same list. */
export function redraw(draw: InspectionDraw): string[] {
  return drawSample(draw.seed, draw.candidates, draw.sampleSize);
}
