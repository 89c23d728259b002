import { Foundation1764000000000 } from './1764000000000-foundation.ts';
import { NeedsCapacities1764100000000 } from './1764100000000-needs-capacities.ts';
import { Matching1764200000000 } from './1764200000000-matching.ts';
import { Charities1764300000000 } from './1764300000000-charities.ts';
import { Hardening1764400000000 } from './1764400000000-hardening.ts';
import { Places1764500000000 } from './1764500000000-places.ts';
import { Explanations1764600000000 } from './1764600000000-explanations.ts';
import { CadrePairing1764700000000 } from './1764700000000-cadre-pairing.ts';
import { StatedChoices1764800000000 } from './1764800000000-stated-choices.ts';
import { FocusedRuns1764900000000 } from './1764900000000-focused-runs.ts';
import { RunQueue1765000000000 } from './1765000000000-run-queue.ts';
import { ListKeys1765100000000 } from './1765100000000-list-keys.ts';
import { CareAgreements1765200000000 } from './1765200000000-care-agreements.ts';
import { Visits1765300000000 } from './1765300000000-visits.ts';
import { Supervision1765400000000 } from './1765400000000-supervision.ts';
import { UnconfirmedAlerts1765450000000 } from './1765450000000-unconfirmed-alerts.ts';
import { Complaints1765500000000 } from './1765500000000-complaints.ts';
import { TimeBankLedger1765600000000 } from './1765600000000-time-bank-ledger.ts';

/** In order. Listed, not globbed, so the same list works from sources and from a build. */
export const migrations = [
  Foundation1764000000000,
  NeedsCapacities1764100000000,
  Matching1764200000000,
  Charities1764300000000,
  Hardening1764400000000,
  Places1764500000000,
  Explanations1764600000000,
  CadrePairing1764700000000,
  StatedChoices1764800000000,
  FocusedRuns1764900000000,
  RunQueue1765000000000,
  ListKeys1765100000000,
  CareAgreements1765200000000,
  Visits1765300000000,
  Supervision1765400000000,
  UnconfirmedAlerts1765450000000,
  Complaints1765500000000,
  TimeBankLedger1765600000000,
];
