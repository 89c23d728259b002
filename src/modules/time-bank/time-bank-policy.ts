import type { EntityManager } from 'typeorm';
import { ServiceType } from '../catalogue/service-type.enum.ts';

/**
 * A county's time-bank rules (issue #17), versioned in `time_bank_policy`; version 0 is these
 * defaults, in force until the county sets its own. Every entry names the version it was computed
 * under, so a later change of rate never rewrites what was paid.
 */
export interface TimeBankPolicy {
  /** Minutes credited per minute of verified care, by service (bathing is harder work). */
  rates: Record<ServiceType, number>;
  /** Most minutes one helper is credited in a week (Monday to Sunday, China time) … */
  weeklyCap: number;
  /** … and in a calendar year. */
  yearlyCap: number;
}

export const DEFAULT_TIME_BANK_POLICY: TimeBankPolicy = {
  rates: Object.fromEntries(
    Object.values(ServiceType).map((service) => [service, service === ServiceType.BATHING ? 1.5 : 1]),
  ) as Record<ServiceType, number>,
  weeklyCap: 600,
  yearlyCap: 20_000,
};

export interface VersionedPolicy extends TimeBankPolicy {
  version: number;
}

/** The county's policy now: its latest version, or the defaults as version 0. */
export async function timeBankPolicyOf(em: EntityManager, countyId: string): Promise<VersionedPolicy> {
  const [row]: { version: number; policy: Partial<TimeBankPolicy> }[] = await em.query(
    'SELECT version, policy FROM time_bank_policy WHERE county_id = $1 ORDER BY version DESC LIMIT 1',
    [countyId],
  );
  if (!row) return { ...DEFAULT_TIME_BANK_POLICY, version: 0 };
  return {
    ...DEFAULT_TIME_BANK_POLICY,
    ...row.policy,
    rates: { ...DEFAULT_TIME_BANK_POLICY.rates, ...(row.policy.rates ?? {}) },
    version: row.version,
  };
}
