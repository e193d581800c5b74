import type { BenchGroup } from '../group.ts';
import { cashier } from './cashier.ts';
import { cliGroup } from './cli.ts';
import { hqGroup } from './hq.ts';
import { journalGroup } from './journal.ts';
import { reportsGroup } from './reports.ts';
import { serialGroup } from './serial.ts';
import { wedgeGroup } from './wedge.ts';
import { wedgeRealClockGroup } from './wedge-realclock.ts';

// One line per group; `npm run bench -- --only NAME` runs one.
export const groups: BenchGroup[] = [
  cashier,
  cliGroup,
  hqGroup,
  journalGroup,
  reportsGroup,
  serialGroup,
  wedgeGroup,
  wedgeRealClockGroup,
];
