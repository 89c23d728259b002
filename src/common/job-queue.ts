import type PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';

/**
 * Puts jobs on pg-boss through the transaction's own connection, so that they commit, or roll
 * back, with the rows they are about (a webhook delivery, a queued match run).
 */
export async function insertJobs(em: EntityManager, boss: PgBoss, jobs: PgBoss.JobInsert[]): Promise<void> {
  if (jobs.length === 0) return;
  const client = (await em.queryRunner!.connect()) as {
    query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  };
  await boss.insert(jobs, { db: { executeSql: (text, values) => client.query(text, values) } });
}
