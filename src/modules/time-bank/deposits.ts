import type { EntityManager } from 'typeorm';
import type { BeforeCommitHandler } from '../../events/event-bus.ts';
import { accountOf, postEntry } from './ledger.ts';
import { timeBankPolicyOf } from './time-bank-policy.ts';

/** The most an issuer account may issue: it stands for the county's promise, not for money in a till. */
const ISSUER_FLOOR = -(2 ** 53 - 1);

interface VerifiedVisit {
  id: string;
  county_id: string;
  helper_id: string;
  person_id: string | null;
  organisation_id: string | null;
  service_type: string;
  minutes: number;
  scheduled_date: string;
  week_start: string;
  year_start: string;
}

/**
 * Pays a verified visit into its helper's time-bank account (issue #17, DEPOSIT): the minutes
 * done (check-in to check-out) × the county's rate for the service, within the helper's weekly
 * and yearly caps, issued by the county's ISSUER account. A visit is paid once (a unique index
 * on the entry's visit); an unverified visit is never paid. Returns the minutes credited.
 */
export async function depositForVisit(em: EntityManager, visitId: string, actor: string, at: Date): Promise<number> {
  const [visit]: VerifiedVisit[] = await em.query(
    `SELECT v.id, v.county_id, v.helper_id, h.person_id, h.organisation_id, v.service_type, v.scheduled_date::text,
            round(extract(epoch FROM v.checked_out_at - v.checked_in_at) / 60)::int AS minutes,
            date_trunc('week', v.scheduled_date)::date::text AS week_start,
            date_trunc('year', v.scheduled_date)::date::text AS year_start
       FROM visit v JOIN helper h ON h.id = v.helper_id
      WHERE v.id = $1 AND v.status = 'VERIFIED' AND v.checked_out_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.visit_id = v.id AND e.kind = 'DEPOSIT')`,
    [visitId],
  );
  if (!visit || visit.minutes <= 0) return 0;
  const policy = await timeBankPolicyOf(em, visit.county_id);
  const owner = visit.person_id
    ? { kind: 'PERSON' as const, id: visit.person_id }
    : { kind: 'ORGANISATION' as const, id: visit.organisation_id! };
  const account = await accountOf(em, visit.county_id, 'MINUTES', owner.kind, owner.id);
  // Caps count what this account was paid for visits of the same week and year.
  await em.query('SELECT id FROM ledger_account WHERE id = $1 FOR UPDATE', [account.id]);
  const [paid]: { week: string; year: string }[] = await em.query(
    `SELECT coalesce(sum(p.amount) FILTER (WHERE v.scheduled_date >= $2::date AND v.scheduled_date < $2::date + 7), 0)::text AS week,
            coalesce(sum(p.amount) FILTER (WHERE v.scheduled_date >= $3::date AND v.scheduled_date < ($3::date + interval '1 year')), 0)::text AS year
       FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id JOIN visit v ON v.id = e.visit_id
      WHERE p.account_id = $1 AND e.kind = 'DEPOSIT'`,
    [account.id, visit.week_start, visit.year_start],
  );
  const earned = Math.round(visit.minutes * (policy.rates[visit.service_type as keyof typeof policy.rates] ?? 1));
  const amount = Math.min(
    earned,
    Math.max(policy.weeklyCap - Number(paid.week), 0),
    Math.max(policy.yearlyCap - Number(paid.year), 0),
  );
  if (amount <= 0) return 0;
  const issuer = await accountOf(em, visit.county_id, 'MINUTES', 'ISSUER', null, ISSUER_FLOOR);
  await postEntry(em, {
    countyId: visit.county_id,
    currency: 'MINUTES',
    kind: 'DEPOSIT',
    reason:
      amount < earned
        ? `verified visit ${visit.scheduled_date}: ${earned} earned, ${amount} within the caps`
        : `verified visit ${visit.scheduled_date}`,
    visitId: visit.id,
    policyVersion: policy.version,
    createdBy: actor,
    at,
    postings: [
      { accountId: issuer.id, amount: -amount },
      { accountId: account.id, amount },
    ],
  });
  return amount;
}

/** Before commit: every visit verified in the transaction is paid, in the same transaction. */
export const depositVerifiedVisits: BeforeCommitHandler = async (em, events) => {
  const ids = [...new Set(events.flatMap((event) => (event.type === 'VisitVerified' ? [event.visitId] : [])))];
  for (const id of ids) await depositForVisit(em, id, 'system:time-bank', new Date());
};
