import crypto from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { Assignment } from './assignment.entity.ts';
import { AssignmentStatus } from './assignment.enums.ts';

/**
 * The one writer of the `assignment` table: other modules (proposals, needs, and the care
 * agreements to come) call these instead of writing it themselves.
 */
export interface NewAssignment {
  countyId: string;
  needId: string;
  helperId: string;
  elderId: string;
  weeklyMinutes: number;
  createdBy: string;
}

export async function createAssignment(em: EntityManager, assignment: NewAssignment): Promise<string> {
  const id = crypto.randomUUID();
  await em.insert(Assignment, { id, ...assignment, status: AssignmentStatus.ACTIVE });
  return id;
}

export function activeAssignment(em: EntityManager, needId: string, helperId: string): Promise<Assignment | null> {
  return em.findOneBy(Assignment, { needId, helperId, status: AssignmentStatus.ACTIVE });
}

/** Which of these needs the helper serves now (an ACTIVE assignment). */
export async function needsServedBy(
  em: EntityManager,
  helperId: string,
  needIds: readonly string[],
): Promise<Set<string>> {
  const rows = await em.findBy(Assignment, { helperId, status: AssignmentStatus.ACTIVE, needId: In([...needIds]) });
  return new Set(rows.map((row) => row.needId));
}

export function activeAssignmentCount(em: EntityManager, needId: string): Promise<number> {
  return em.countBy(Assignment, { needId, status: AssignmentStatus.ACTIVE });
}

/** A helper's committed load: minutes a week and distinct elders of their active assignments. */
export async function helperLoad(em: EntityManager, helperId: string): Promise<{ minutes: number; elders: number }> {
  const [load]: { minutes: number; elders: number }[] = await em.query(
    `SELECT coalesce(sum(weekly_minutes), 0)::int AS minutes, count(DISTINCT elder_id)::int AS elders
       FROM assignment WHERE helper_id = $1 AND status = $2`,
    [helperId, AssignmentStatus.ACTIVE],
  );
  return load;
}

export async function releaseAssignment(em: EntityManager, id: string): Promise<void> {
  await em.update(Assignment, { id }, { status: AssignmentStatus.RELEASED, endedAt: new Date() });
}

/** A need paused, closed or cancelled: the helpers committed to it are free again. */
export async function releaseAssignmentsOfNeed(em: EntityManager, needId: string): Promise<void> {
  await em.update(
    Assignment,
    { needId, status: AssignmentStatus.ACTIVE },
    { status: AssignmentStatus.RELEASED, endedAt: new Date() },
  );
}
