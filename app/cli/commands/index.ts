import type { CliCommand } from '../command.ts';
import { catalogueImport, catalogueList } from './catalogue.ts';
import { configImport, configShow } from './config.ts';
import { doctor } from './doctor.ts';
import { hqEnrol, hqPush, hqReport, hqServe, hqTerminals } from './hq.ts';
import { journal, journalAttention, journalRecheck, journalSettle } from './journal.ts';
import { pay } from './pay.ts';
import { drawerOpen, printerList, printerStatus, printerTest } from './printer.ts';
import { refund } from './refund.ts';
import { reportDay, reportRange, reportTransactions, reportX, reportZ, reportZShow } from './report.ts';
import { sandbox } from './sandbox.ts';
import { serve } from './serve.ts';
import { scannerList, scannerMonitor, scannerSimulate } from './scanner.ts';
import { sync } from './sync.ts';
import { userAdd, userList, userUnlock } from './user.ts';
import { shiftEnd, shiftShow, shiftStart } from './shift.ts';
import { verifyLog } from './verify-log.ts';
import { walletCode, walletPay } from './wallet.ts';

// Keep alphabetical; each team adds its own line.
export const commands: CliCommand[] = [
  catalogueImport,
  catalogueList,
  configImport,
  configShow,
  doctor,
  drawerOpen,
  hqEnrol,
  hqPush,
  hqReport,
  hqServe,
  hqTerminals,
  journal,
  journalAttention,
  journalRecheck,
  journalSettle,
  pay,
  printerList,
  printerStatus,
  printerTest,
  refund,
  reportDay,
  reportRange,
  reportX,
  reportZ,
  reportZShow,
  reportTransactions,
  sandbox,
  scannerList,
  scannerMonitor,
  scannerSimulate,
  serve,
  shiftShow,
  shiftStart,
  shiftEnd,
  sync,
  userAdd,
  userList,
  userUnlock,
  verifyLog,
  walletCode,
  walletPay,
];
