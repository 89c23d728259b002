import { defineModule } from '../../common/feature-module.ts';
import { LedgerAccount, LedgerEntry, LedgerPosting } from './ledger.entity.ts';

/** The time bank (issue #17): the ledger, deposits for verified visits, accounts with proofs. */
export const timeBankModule = defineModule({
  name: 'time-bank',
  entities: [LedgerAccount, LedgerEntry, LedgerPosting],
  rawTables: [{ table: 'time_bank_policy', why: 'versions of the county rules, appended by one INSERT each' }],
  async schema() {
    const { TimeBankResolver } = await import('./time-bank.resolver.ts');
    return { resolvers: [TimeBankResolver] };
  },
});
