import { defineModule } from '../../common/feature-module.ts';
import { LedgerAccount, LedgerEntry, LedgerPosting } from './ledger.entity.ts';

/** The time bank and points (issue #17): the ledger first; its API follows. */
export const timeBankModule = defineModule({
  name: 'time-bank',
  entities: [LedgerAccount, LedgerEntry, LedgerPosting],
  rawTables: [{ table: 'time_bank_policy', why: 'versions of the county rules, appended by one INSERT each' }],
});
