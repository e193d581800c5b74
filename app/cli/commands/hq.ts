// `souq hq …`: the chain's HQ on PostgreSQL (serve, report, terminals) and this till's link to it
// (enrol, push). Exit codes as everywhere: 4 when HQ cannot be reached, 3 when the till is not
// enrolled or its credential is refused, 6 when HQ found the till's event log altered.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliContext } from '../command.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { CliError, EXIT } from '../errors.ts';
import { ChainError, loadLink } from '../../chain/link.ts';
import { enrolTill } from '../../chain/enrol.ts';
import { pullNotifications, pushAll, type PushOutcome } from '../../chain/push.ts';
import { hqCall } from '../../chain/client.ts';
import { businessDay } from '../../domain/time.ts';
import { formatMoney, money } from '../../domain/money.ts';
import { openExistingDb } from './report.ts';
// The CLI is a composition root: it may start the HQ service (plain Node, hq/).
import { migrateHq, openPool } from '../../../hq/db.ts';
import { startHqServer } from '../../../hq/server.ts';
import { adminToken, type ChainDay, type TerminalHealth } from '../../../hq/service.ts';
import { loadHqAcquirer } from '../../../hq/notify.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function chainErrorToCli(err: unknown): never {
  if (err instanceof ChainError) {
    switch (err.code) {
      case 'HQ_UNREACHABLE':
        throw new CliError(err.message, EXIT.unreachable, err.code);
      case 'HQ_TAMPERED':
        throw new CliError(err.message, EXIT.data, err.code);
      case 'NOT_ENROLLED':
      case 'HQ_FILE_INVALID':
      case 'HQ_REFUSED':
      case 'ALREADY_ENROLLED':
      case 'HQ_FILE_WRITE_FAILED':
        throw new CliError(err.message, EXIT.config, err.code);
      default:
        throw new CliError(err.message, EXIT.failure, err.code);
    }
  }
  throw err;
}

function hqUrlOption(v: string | undefined, usage: string): string {
  if (!v) throw new CliError(`Give --hq URL (the line "souq hq serve" printed).\nUsage: souq ${usage}`, EXIT.usage);
  try {
    return new URL(v).origin;
  } catch {
    throw new CliError(`--hq must be a URL such as http://127.0.0.1:8740, got "${v}".`, EXIT.usage);
  }
}

function need(v: string | undefined, what: string, usage: string): string {
  if (!v) throw new CliError(`Give ${what}.\nUsage: souq ${usage}`, EXIT.usage);
  return v;
}

const serveUsage = 'hq serve --database postgres://USER@HOST/DB [--port N]';
export const hqServe: CliCommand = {
  name: 'hq serve',
  usage: serveUsage,
  summary: "run the chain's HQ on PostgreSQL: takes the tills' events, serves the dashboard and chain reports",
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { database: { type: 'string' }, port: { type: 'string' } }, serveUsage);
    const database = need(values.database, '--database postgres://…', serveUsage);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number (0–65535), got "${values.port}"`, EXIT.usage);
    let acquirer;
    try {
      acquirer = loadHqAcquirer(process.env.SOUQ_HQ_ACQUIRER || undefined);
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.config, 'HQ_ACQUIRER_INVALID');
    }
    const pool = openPool(database);
    try {
      await migrateHq(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new CliError((err as Error).message, EXIT.config, 'HQ_DB');
    }
    const token = await adminToken(pool);
    const dashboardDir = join(REPO, 'dist-hq');
    if (!existsSync(join(dashboardDir, 'index.html'))) ctx.stderr.write('souq hq: the dashboard is not built: run "npm run build:hq". The API works without it.\n');
    const log = (err: unknown) => ctx.stderr.write(`souq hq serve: ${process.env.SOUQ_DEBUG ? ((err as Error).stack ?? String(err)) : ((err as Error).message ?? String(err))}\n`);
    let server;
    try {
      server = await startHqServer({ pool, port, host: process.env.SOUQ_HQ_HOST || '127.0.0.1', dashboardDir, acquirer, log });
    } catch (err) {
      await pool.end().catch(() => undefined);
      if ((err as { code?: string }).code === 'EADDRINUSE') throw new CliError(`Port ${port} is in use: choose another with --port, or 0 for any free port.`, EXIT.usage);
      throw err;
    }
    say(ctx, `Souq HQ is serving on ${server.url}`);
    say(ctx, `Admin token: ${token}`);
    if (!acquirer) say(ctx, 'Payment notifications are off: set SOUQ_HQ_ACQUIRER to the merchant acquirer keys file to take them.');
    say(ctx, 'Keep the admin token private. Stop with Ctrl-C.');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    await pool.end();
    return EXIT.ok;
  },
};

const enrolUsage = 'hq enrol --hq URL --admin-token TOKEN --store STORE_ID [--json]';
export const hqEnrol: CliCommand = {
  name: 'hq enrol',
  usage: enrolUsage,
  summary: "enrol this till at the chain's HQ (once); it then pushes its events with its own credential",
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { hq: { type: 'string' }, 'admin-token': { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean', default: false } }, enrolUsage);
    const hqUrl = hqUrlOption(values.hq, enrolUsage);
    const token = need(values['admin-token'], '--admin-token TOKEN', enrolUsage);
    const storeId = need(values.store, '--store STORE_ID', enrolUsage);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(storeId)) throw new CliError(`--store is 1–64 letters, digits, _ or -, got "${storeId}".`, EXIT.usage);
    let link;
    try {
      link = await enrolTill(ctx.dataDir, { hqUrl, adminToken: token, storeId });
    } catch (err) {
      return chainErrorToCli(err);
    }
    if (values.json) sayJson(ctx, { hqUrl: link.hqUrl, storeId: link.storeId, terminalId: link.terminalId, enrolled: true });
    else say(ctx, `Till ${link.terminalId} is enrolled at ${link.hqUrl} in store ${link.storeId}: it sends its events there from now on (souq hq push, the app, souq serve).`);
    return EXIT.ok;
  },
};

const pushUsage = 'hq push [--json] [--wait SECONDS]';
export const hqPush: CliCommand = {
  name: 'hq push',
  usage: pushUsage,
  summary: 'send HQ every event it does not have yet; exit 0 when HQ has them all, 4 when it cannot be reached',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false }, wait: { type: 'string' } }, pushUsage);
    const wait = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(wait) || wait < 0) throw new CliError(`--wait is a number of seconds, got "${values.wait}".`, EXIT.usage);
    let link;
    try {
      link = loadLink(ctx.dataDir);
    } catch (err) {
      return chainErrorToCli(err);
    }
    const db = openExistingDb(ctx);
    const deadline = Date.now() + wait * 1000;
    let out: PushOutcome | null = null;
    let evidence: string[] = [];
    try {
      for (;;) {
        try {
          out = await pushAll(db, link, { onBatch: (ack) => (values.json ? undefined : say(ctx, `HQ holds events up to ${ack}`)) });
          if (out.complete || Date.now() >= deadline) break;
        } catch (err) {
          if (!(err instanceof ChainError && err.code === 'HQ_UNREACHABLE') || Date.now() >= deadline) throw err;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      // HQ may hold the acquirer's word on a payment in doubt: the next `souq sync` asks first.
      evidence = await pullNotifications(db, link);
    } catch (err) {
      return chainErrorToCli(err);
    } finally {
      db.close();
    }
    const result = { hqUrl: link.hqUrl, storeId: link.storeId, terminalId: link.terminalId, ackSeq: out.ackSeq, headSeq: out.headSeq, sent: out.sent, complete: out.complete, notified: evidence.length };
    if (values.json) sayJson(ctx, result);
    else {
      say(ctx, out.complete ? `HQ has all ${out.ackSeq} events of till ${link.terminalId}.` : `HQ holds events up to ${out.ackSeq} of ${out.headSeq}: the rest is sent next time.`);
      if (evidence.length > 0) say(ctx, `The acquirer sent word on ${evidence.length} payment(s) in doubt: "souq sync" now checks them first.`);
    }
    return out.complete ? EXIT.ok : EXIT.pending;
  },
};

async function adminGet<T>(url: string, token: string, path: string): Promise<T> {
  try {
    return await hqCall<T>(url, 'GET', path, token);
  } catch (err) {
    return chainErrorToCli(err);
  }
}

const aed = (minor: number) => formatMoney(money(minor, 'AED'));

const reportUsage = 'hq report day [--date YYYY-MM-DD] [--store ID] --hq URL --admin-token TOKEN [--json]';
export const hqReport: CliCommand = {
  name: 'hq report',
  usage: reportUsage,
  summary: "the chain's takings of a business day (Asia/Dubai) by store and till, from HQ",
  async run(ctx) {
    const { values, positionals } = parseOptions(
      ctx.argv,
      { date: { type: 'string' }, store: { type: 'string' }, hq: { type: 'string' }, 'admin-token': { type: 'string' }, json: { type: 'boolean', default: false } },
      reportUsage,
      { min: 1, max: 1 },
    );
    if (positionals[0] !== 'day') throw new CliError(`Unknown report "${positionals[0]}".\nUsage: souq ${reportUsage}`, EXIT.usage);
    const url = hqUrlOption(values.hq, reportUsage);
    const token = need(values['admin-token'], '--admin-token TOKEN', reportUsage);
    const date = values.date ?? businessDay(new Date());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CliError(`--date is a date like 2026-01-31, got "${date}".`, EXIT.usage);
    const qs = new URLSearchParams({ date, ...(values.store ? { store: values.store } : {}) });
    const day = await adminGet<ChainDay>(url, token, `/v1/admin/report/day?${qs}`);
    if (values.json) {
      sayJson(ctx, {
        date: day.date,
        total: { gross: day.total.gross, refunds: day.total.refunds, net: day.total.net, sales: day.total.sales },
        stores: day.stores.map((s) => ({
          storeId: s.storeId,
          gross: s.gross,
          refunds: s.refunds,
          net: s.net,
          sales: s.sales,
          terminals: s.terminals.map((t) => ({ terminalId: t.terminalId, gross: t.gross, refunds: t.refunds, net: t.net, sales: t.sales })),
        })),
      });
      return EXIT.ok;
    }
    say(ctx, `Chain takings ${day.date} (Asia/Dubai): ${day.total.sales} sales, gross ${aed(day.total.gross)}, refunds ${aed(day.total.refunds)}, net ${aed(day.total.net)}`);
    for (const s of day.stores) {
      say(ctx, `  ${s.storeId}: ${s.sales} sales, gross ${aed(s.gross)}, refunds ${aed(s.refunds)}, net ${aed(s.net)}`);
      for (const t of s.terminals) say(ctx, `    ${t.terminalId}: ${t.sales} sales, gross ${aed(t.gross)}, refunds ${aed(t.refunds)}, net ${aed(t.net)}`);
    }
    return EXIT.ok;
  },
};

const terminalsUsage = 'hq terminals --hq URL --admin-token TOKEN [--json]';
export const hqTerminals: CliCommand = {
  name: 'hq terminals',
  usage: terminalsUsage,
  summary: 'fleet health: each till’s last contact, replication lag, journal queue, payments in doubt, tampered logs',
  async run(ctx: CliContext) {
    const { values } = parseOptions(ctx.argv, { hq: { type: 'string' }, 'admin-token': { type: 'string' }, json: { type: 'boolean', default: false } }, terminalsUsage);
    const url = hqUrlOption(values.hq, terminalsUsage);
    const token = need(values['admin-token'], '--admin-token TOKEN', terminalsUsage);
    const { terminals } = await adminGet<{ terminals: TerminalHealth[] }>(url, token, '/v1/admin/terminals');
    if (values.json) {
      sayJson(ctx, terminals);
      return EXIT.ok;
    }
    if (terminals.length === 0) say(ctx, 'No till is enrolled at this HQ yet.');
    for (const t of terminals) {
      const flags = [
        t.tampered ? `TAMPERED (${t.tamperedReason ?? 'log altered'})` : null,
        t.lagEvents > 0 ? `${t.lagEvents} events behind` : 'up to date',
        t.journalQueue > 0 ? `${t.journalQueue} in journal` : null,
        t.unknownPayments > 0 ? `${t.unknownPayments} payments unknown` : null,
        t.attentionPayments > 0 ? `${t.attentionPayments} need attention` : null,
      ].filter(Boolean);
      say(ctx, `${t.storeId}/${t.terminalId}: last contact ${t.lastContactAt ?? 'never'}; ${flags.join('; ')}`);
    }
    return EXIT.ok;
  },
};
