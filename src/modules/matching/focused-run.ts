import type { EntityManager } from 'typeorm';
import { today } from '../../common/time.ts';
import { componentOf, prepareInput } from '../../matching/engine.ts';
import type { MatchInput } from '../../matching/types.ts';
import type { Region } from '../region/region.entity.ts';
import { loadMatchInput, type LoadedInput } from './match-input.ts';
import { villagesReachedBy } from './match-pending.ts';

/**
 * The component of `needId` inside `township`, loading only the villages it reaches: start from the
 * need's village; while the villagers who could serve the component could also serve needs in other
 * villages (their own, or their tied elders'), load those too. The result is the component the whole
 * township's input would give (the same candidates per need, the same arcs), at the cost of a few
 * villages instead of the township (see `villagesReachedBy`).
 */
export async function loadComponent(
  em: EntityManager,
  township: Region,
  needId: string,
): Promise<{ loaded: LoadedInput; cut: MatchInput }> {
  const [row]: { path: string[] }[] = await em.query(
    'SELECT r.path FROM need n JOIN region r ON r.id = n.region_id WHERE n.id = $1',
    [needId],
  );
  const villages = new Set<string>(row && row.path.length >= 3 ? [row.path[2]] : []);
  for (;;) {
    const loaded = await loadMatchInput(em, township, today(), [...villages]);
    const cut = componentOf(loaded.input, [needId]);
    const helpers = new Map<string, { personId: string; villageId: string | null }>();
    for (const prepared of prepareInput(cut).prepared)
      for (const arc of prepared.prepared.arcs) {
        const helper = arc.candidate.helper;
        if (helper.personId) helpers.set(helper.id, { personId: helper.personId, villageId: helper.villageId });
      }
    const reached = await villagesReachedBy(em, township, [...helpers.values()]);
    const missing = reached.filter((village) => !villages.has(village));
    if (missing.length === 0) return { loaded, cut };
    for (const village of missing) villages.add(village);
  }
}
