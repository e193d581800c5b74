import type { CliCommand } from '../command.ts';
import { configImport, configShow } from './config.ts';
import { doctor } from './doctor.ts';
import { journal } from './journal.ts';
import { pay } from './pay.ts';
import { refund } from './refund.ts';
import { reportDay, reportRange } from './report.ts';
import { sandbox } from './sandbox.ts';
import { serve } from './serve.ts';
import { scannerList, scannerMonitor, scannerSimulate } from './scanner.ts';
import { sync } from './sync.ts';
import { verifyLog } from './verify-log.ts';
import { walletCode, walletPay } from './wallet.ts';

// Keep alphabetical; each team adds its own line.
export const commands: CliCommand[] = [
  configImport,
  configShow,
  doctor,
  journal,
  pay,
  refund,
  reportDay,
  reportRange,
  sandbox,
  scannerList,
  scannerMonitor,
  scannerSimulate,
  serve,
  sync,
  verifyLog,
  walletCode,
  walletPay,
];
