// `souq doctor`: what an installer runs first when something is wrong. One line per check with
// ok / warn / fail; exit non-zero on any fail (the exit code of the first failure's kind).
// Read-only on the database: a diagnosis must not change what it diagnoses.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { CliCommand, CliContext } from '../command.ts';
import { EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { openDb, listMigrations, schemaVersion, type Db } from '../../store/db.ts';
import { verifyChain } from '../../store/events.ts';
import { ConfigError, loadConfig, type TerminalConfig } from '../../settings/config.ts';
import { dataPaths } from '../../settings/paths.ts';
import { AntomLink, MAX_REPLY_BYTES, readCapped } from '../../acquirer/antom/client.ts';
import { inquiryBody } from '../../acquirer/antom/requests.ts';
import { signatureHeader, verifyResponse } from '../../acquirer/antom/sign.ts';
import { resolveAcquirer } from '../../acquirer/resolve.ts';
import { payments, refunds as refundsIn } from '../words.ts';

export type Level = 'ok' | 'warn' | 'fail';

export interface Check {
  check: string;
  level: Level;
  detail: string;
  /** Exit code when this check fails. */
  exit?: number;
}

/** Clock skew past which a warning is given, and past which the acquirer would reject requests. */
const SKEW_WARN_MS = 5_000;
const SKEW_FAIL_MS = 5 * 60_000;

function databaseChecks(dataDir: string): Check[] {
  const file = dataPaths(dataDir).db;
  if (!existsSync(file)) return [{ check: 'database', level: 'warn', detail: `no database yet at ${file}: it is made on first use` }];
  let db: Db;
  try {
    db = openDb(file, { readonly: true });
  } catch (err) {
    return [{ check: 'database', level: 'fail', detail: (err as Error).message, exit: EXIT.data }];
  }
  const out: Check[] = [];
  try {
    const problems = db.pragma('integrity_check') as { integrity_check: string }[];
    const first = problems[0]?.integrity_check ?? 'no answer';
    out.push(
      first === 'ok'
        ? { check: 'database', level: 'ok', detail: `integrity ok (${file}, ${(statSync(file).size / 1024).toFixed(0)} KiB)` }
        : { check: 'database', level: 'fail', detail: `integrity check failed: ${problems.slice(0, 3).map((p) => p.integrity_check).join('; ')}. Restore from a backup.`, exit: EXIT.data },
    );
    const version = schemaVersion(db);
    const latest = listMigrations().at(-1)?.version ?? 0;
    out.push(
      version === latest
        ? { check: 'schema', level: 'ok', detail: `version ${version} (latest)` }
        : version < latest
          ? { check: 'schema', level: 'warn', detail: `version ${version}, this build has ${latest}: upgraded automatically on next start` }
          : { check: 'schema', level: 'fail', detail: `version ${version} is newer than this build (${latest}): update Souq POS`, exit: EXIT.data },
    );
    const mode = String(db.pragma('journal_mode', { simple: true }));
    out.push(
      mode === 'wal'
        ? { check: 'wal', level: 'ok', detail: 'write-ahead log on' }
        : { check: 'wal', level: 'fail', detail: `journal mode is ${mode}, not WAL: open the terminal once to repair`, exit: EXIT.data },
    );
    const chain = verifyChain(db);
    out.push(
      chain.ok
        ? { check: 'event log', level: 'ok', detail: `${chain.count} events, chain intact` }
        : { check: 'event log', level: 'fail', detail: `broken at event ${chain.brokenAt}: ${chain.reason}`, exit: EXIT.data },
    );
    out.push(journalCheck(db));
  } catch (err) {
    out.push({ check: 'database', level: 'fail', detail: `cannot read ${file}: ${(err as Error).message}`, exit: EXIT.data });
  } finally {
    db.close();
  }
  return out;
}

function journalCheck(db: Db): Check {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  try {
    const attention = n(`SELECT COUNT(*) AS n FROM attempts WHERE state = 'needs_attention'`);
    const pending = n(`SELECT COUNT(*) AS n FROM attempts WHERE state IN ('created','sent','unknown','cancelling','awaiting_customer')`);
    const refunds = n(`SELECT COUNT(*) AS n FROM refunds WHERE state IN ('created','sent','refund_unknown')`);
    const detail = `${payments(pending)} and ${refundsIn(refunds)} in flight, ${attention} needing attention`;
    return attention > 0 ? { check: 'journal', level: 'warn', detail: `${detail}: see "souq journal"` } : { check: 'journal', level: 'ok', detail };
  } catch (err) {
    return { check: 'journal', level: 'fail', detail: (err as Error).message, exit: EXIT.data };
  }
}

/** Parses Antom's response-time: epoch milliseconds, or ISO-8601 with an offset. */
export function parseResponseTime(text: string | null): number | undefined {
  if (!text) return undefined;
  if (/^\d{10,16}$/.test(text.trim())) return Number(text.trim());
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A signed round trip: an inquiry for an id that cannot exist. The acquirer must answer, signed,
 * with ORDER_NOT_EXIST; any signed answer proves the credentials, and the reply's response-time
 * gives the clock skew.
 */
async function acquirerChecks(dataDir: string, config: TerminalConfig): Promise<Check[]> {
  let acq;
  try {
    acq = await resolveAcquirer(dataDir, config);
  } catch (err) {
    return [{ check: 'acquirer', level: 'fail', detail: `cannot start the embedded sandbox: ${(err as Error).message}`, exit: EXIT.unreachable }];
  }
  try {
    const label = acq.sandbox ? `SANDBOX ${acq.endpoint}` : acq.endpoint;
    const link = new AntomLink({ ...acq, sandbox: acq.sandbox });
    const path = link.pathFor('inquiry');
    const body = inquiryBody(`DOCTOR-${randomBytes(12).toString('hex')}`);
    const requestTime = Date.now();
    let status: number;
    let raw: string;
    let headers: Headers;
    try {
      const res = await fetch(`${acq.endpoint.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=UTF-8',
          'client-id': acq.clientId,
          'request-time': String(requestTime),
          signature: signatureHeader(path, acq.clientId, String(requestTime), body, acq.merchantPrivateKey, acq.keyVersion ?? 1),
        },
        body,
        signal: AbortSignal.timeout(acq.timeoutMs ?? 5_000),
      });
      status = res.status;
      headers = res.headers;
      const capped = await readCapped(res, MAX_REPLY_BYTES);
      if (capped === null) return [{ check: 'acquirer', level: 'fail', detail: `${label} answered with more than 1 MiB: not an Antom acquirer reply. Check acquirer.endpoint.`, exit: EXIT.unreachable }];
      raw = capped;
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `no reply within ${acq.timeoutMs ?? 5_000} ms` : `cannot connect (${e.cause?.code ?? e.name ?? 'network error'})`;
      return [{ check: 'acquirer', level: 'fail', detail: `${label}: ${why}. Check the network and acquirer.endpoint.`, exit: EXIT.unreachable }];
    }
    const elapsed = Date.now() - requestTime;
    if (status !== 200) return [{ check: 'acquirer', level: 'fail', detail: `${label} answered HTTP ${status}: check acquirer.endpoint and pathPrefix (${path})`, exit: EXIT.unreachable }];
    let result: { resultStatus?: string; resultCode?: string } | undefined;
    let paymentStatus: unknown;
    try {
      const parsed = JSON.parse(raw) as { result?: { resultStatus?: string; resultCode?: string }; paymentStatus?: unknown };
      result = parsed.result;
      paymentStatus = parsed.paymentStatus;
    } catch {
      /* reported below */
    }
    if (!result?.resultCode) return [{ check: 'acquirer', level: 'fail', detail: `${label} did not answer like an Antom acquirer (no result): check acquirer.endpoint`, exit: EXIT.unreachable }];
    const responseTime = headers.get('response-time');
    const signature = headers.get('signature');
    const out: Check[] = [];
    if (!signature || !responseTime) {
      out.push({ check: 'acquirer', level: 'fail', detail: `${label} answered ${result.resultCode} without a signature: replies cannot be trusted`, exit: EXIT.config });
    } else if (!verifyResponse(path, acq.clientId, responseTime, raw, signature, acq.acquirerPublicKey)) {
      out.push({ check: 'acquirer', level: 'fail', detail: `${label}: the reply's signature does not verify with acquirer.acquirerPublicKey (is it the acquirer's key, not the merchant's?)`, exit: EXIT.config });
    } else if (['INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'INVALID_CONTRACT', 'MERCHANT_NOT_REGISTERED'].includes(result.resultCode)) {
      out.push({ check: 'acquirer', level: 'fail', detail: `${label} refused our request: ${result.resultCode}. Check acquirer.clientId, merchantPrivateKey and keyVersion against the acquirer's portal.`, exit: EXIT.config });
    } else if (result.resultStatus === 'S' && paymentStatus === 'SUCCESS') {
      // Nobody can have paid an id made up a moment ago: this party says "paid" to anything.
      out.push({ check: 'acquirer', level: 'fail', detail: `${label} said an inquiry for an id that cannot exist was PAID: its answers cannot be trusted. Check acquirer.endpoint and acquirer.acquirerPublicKey against the acquirer's portal.`, exit: EXIT.config });
    } else if (result.resultCode === 'ORDER_NOT_EXIST') {
      out.push({ check: 'acquirer', level: 'ok', detail: `${label}: signed round trip in ${elapsed} ms (ORDER_NOT_EXIST as expected)` });
    } else {
      out.push({ check: 'acquirer', level: 'warn', detail: `${label}: signed round trip in ${elapsed} ms, but answered ${result.resultStatus ?? '?'} ${result.resultCode} to an inquiry for an unknown id` });
    }
    const theirs = parseResponseTime(responseTime);
    if (theirs === undefined) {
      out.push({ check: 'clock', level: 'warn', detail: 'the acquirer sent no usable response-time: skew unknown' });
    } else {
      // Compare with the middle of the round trip: the reply was stamped somewhere inside it.
      const skew = theirs - (requestTime + elapsed / 2);
      const abs = Math.abs(skew);
      const words = `${abs < 1000 ? `${Math.round(abs)} ms` : `${(abs / 1000).toFixed(1)} s`} ${skew >= 0 ? 'behind' : 'ahead of'} the acquirer`;
      out.push(
        abs > SKEW_FAIL_MS
          ? { check: 'clock', level: 'fail', detail: `this terminal's clock is ${words}: set the time (NTP) or requests will be refused`, exit: EXIT.config }
          : abs > SKEW_WARN_MS
            ? { check: 'clock', level: 'warn', detail: `this terminal's clock is ${words}: enable NTP` }
            : { check: 'clock', level: 'ok', detail: `within ${words.replace(/ (behind|ahead of) the acquirer$/, '')} of the acquirer` },
      );
    }
    return out;
  } finally {
    await acq.close();
  }
}

export async function runDoctor(dataDir: string): Promise<Check[]> {
  const checks: Check[] = [];
  let config: TerminalConfig | undefined;
  try {
    config = loadConfig(dataDir);
    checks.push({
      check: 'config',
      level: 'ok',
      detail: config.acquirer ? `acquirer ${config.acquirer.endpoint} as ${config.acquirer.clientId}, terminal ${config.terminalId}` : `no acquirer configured: embedded SANDBOX, terminal ${config.terminalId}`,
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    checks.push({ check: 'config', level: 'fail', detail: err.message.replace(/\n\s*/g, ' '), exit: EXIT.config });
  }
  checks.push(...databaseChecks(dataDir));
  if (config) checks.push(...(await acquirerChecks(dataDir, config)));
  else checks.push({ check: 'acquirer', level: 'warn', detail: 'not tested: fix the configuration first' });
  return checks;
}

const usage = 'doctor [--json]';

export const doctor: CliCommand = {
  name: 'doctor',
  usage,
  summary: 'check the database, schema, event log, acquirer (signed round trip) and clock',
  async run(ctx: CliContext) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, usage);
    const checks = await runDoctor(ctx.dataDir);
    const failed = checks.find((c) => c.level === 'fail');
    if (values.json) {
      sayJson(ctx, { ok: !failed, checks: checks.map(({ exit: _exit, ...c }) => c) });
    } else {
      const w = Math.max(...checks.map((c) => c.check.length));
      for (const c of checks) say(ctx, `${c.level.padEnd(4)}  ${c.check.padEnd(w)}  ${c.detail}`);
    }
    return failed ? (failed.exit ?? EXIT.failure) : EXIT.ok;
  },
};
