import { candidatesFor, HelperIndex, TieIndex, type NeedCandidates } from './candidates.ts';
import { staticCost } from './cost.ts';
import { explainProposals, unmetReason } from './explain.ts';
import { computeMetrics } from './metrics.ts';
import { buildModel, type Arc, type BuiltModel, type PreparedNeed } from './model.ts';
import type { LpModel } from './lp.ts';
import { safetyNet } from './safety-net.ts';
import { loadHighsSolver } from './solve-highs.ts';
import { SolverPool } from './solver-pool.ts';

let pool: Promise<SolverPool> | undefined;

/** One pool of solver threads per process, started on first use; the process closes it on its way out. */
function solverPool(): Promise<SolverPool> {
  pool ??= loadHighsSolver().then((highs) => new SolverPool(highs));
  return pool;
}

/** Stops the solver threads (a graceful shutdown, a test's teardown); the next run starts new ones. */
export async function closeSolverPool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await (await closing)?.close();
}
import { solveGroups } from './solve-groups.ts';
import { splitComponents } from './components.ts';
import type { MatchInput, MatchNeed, MatchResult, Unmet } from './types.ts';

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Arcs cheapest first; persons beyond the per-need limit are dropped, organisations always kept. */
function prepare(found: NeedCandidates, input: MatchInput): { prepared: PreparedNeed; pruned: Arc[] } {
  const arcs = found.candidates
    .map((candidate): Arc => ({ need: found.need, candidate, cost: staticCost(found.need, candidate, input.policy) }))
    .sort((a, b) => a.cost.total - b.cost.total || (a.candidate.helper.id < b.candidate.helper.id ? -1 : 1));
  const kept: Arc[] = [];
  const pruned: Arc[] = [];
  let persons = 0;
  for (const arc of arcs) {
    if (!arc.candidate.helper.personId) kept.push(arc);
    else if (persons < input.policy.maxCandidatesPerNeed) {
      kept.push(arc);
      persons += 1;
    } else pruned.push(arc);
  }
  return { prepared: { need: found.need, arcs: kept }, pruned };
}

export interface PreparedInput {
  needs: MatchNeed[];
  found: NeedCandidates[];
  prepared: { prepared: PreparedNeed; pruned: Arc[] }[];
  /** The unmet penalty's floor: above the dearest arc, so coverage always comes first. */
  unmetFloor: number;
}

/** Candidates, rings and costs for every need: the model's data before any solving. */
export function prepareInput(input: MatchInput): PreparedInput {
  const needs = [...input.needs].filter((need) => need.helpersWanted > 0).sort(byId);
  const ties = new TieIndex(input.ties);
  const index = new HelperIndex(input.helpers, ties);
  const found = needs.map((need) => candidatesFor(need, index, ties, input.policy, input.today));
  const prepared = found.map((entry) => prepare(entry, input));
  let maxArc = 0;
  for (const p of prepared) for (const arc of p.prepared.arcs) maxArc = Math.max(maxArc, arc.cost.total);
  return { needs, found, prepared, unmetFloor: Math.ceil(maxArc) + 1 };
}

/**
 * The input cut down to the needs connected, through the villagers who could serve them, to
 * `focus`: the component(s) a new or reopened need touches. Solving it gives the same optimum on
 * that component as a run over the whole region, and leaves every other need's proposals alone.
 */
export function componentOf(input: MatchInput, focus: string[]): MatchInput {
  const { prepared } = prepareInput(input);
  const wanted = new Set(focus);
  const keep = new Set<string>();
  for (const group of splitComponents(prepared.map((p) => p.prepared)))
    if (group.some((p) => wanted.has(p.need.id))) for (const p of group) keep.add(p.need.id);
  return { ...input, needs: input.needs.filter((need) => keep.has(need.id)) };
}

/** The whole model in one piece, as a monolithic solver would see it (tests and benchmarks). */
export function monolithicModel(input: MatchInput): LpModel {
  return monolithicProblem(input).built.model;
}

/** The whole model with its needs, for a reference solve (e.g. bands first over the whole county). */
export function monolithicProblem(input: MatchInput): { built: BuiltModel; group: PreparedNeed[] } {
  const { prepared, unmetFloor } = prepareInput(input);
  const group = prepared.map((p) => p.prepared);
  return { built: buildModel(group, input.policy, unmetFloor), group };
}

/**
 * Runs the differential-order matching: candidates ring by ring, an exact assignment
 * (coverage first, then cost), the safety net for what is left, explanations and metrics.
 * Plain data in, plain data out; the same input gives the same output.
 */
export async function runMatching(input: MatchInput): Promise<MatchResult> {
  const started = performance.now();
  const { needs, found, prepared, unmetFloor } = prepareInput(input);
  const allArcs = prepared.flatMap((p) => p.prepared.arcs);
  const outcome = await solveGroups(
    prepared.map((p) => p.prepared),
    input.policy,
    input.priorityBands,
    unmetFloor,
    await solverPool(),
  );

  const chosen = [...outcome.chosen].sort((a, b) =>
    a.need.id === b.need.id ? byId(a.candidate.helper, b.candidate.helper) : byId(a.need, b.need),
  );
  const proposals = explainProposals(chosen, prepared, found, input.policy);
  const byNeed = new Map<string, MatchNeed>(needs.map((need) => [need.id, need]));
  const unmet: Unmet[] = [];
  const rescued = safetyNet(
    [...outcome.missing.entries()].map(([id, missing]) => ({ need: byNeed.get(id)!, missing })),
    input,
    chosen,
  );
  const foundById = new Map(found.map((entry) => [entry.need.id, entry]));
  for (const [id, missing] of outcome.missing) {
    const entry = foundById.get(id)!;
    const net = rescued.get(id) ?? [];
    unmet.push({
      needId: id,
      missing,
      reason: unmetReason(entry),
      escalation: net.length > 0 ? 'ORGANISATION_RING' : 'COORDINATOR_QUEUE',
    });
    proposals.push(...net);
  }
  proposals.sort((a, b) => (a.needId === b.needId ? (a.helperId < b.helperId ? -1 : 1) : a.needId < b.needId ? -1 : 1));
  unmet.sort((a, b) => (a.needId < b.needId ? -1 : 1));
  const metrics = computeMetrics({
    input,
    needs,
    proposals,
    unmet,
    outcome,
    arcs: allArcs.length,
    solveMs: performance.now() - started,
  });
  return { proposals, unmet, metrics };
}
