// `souq wallet code` and `souq wallet pay <codeValue>`: the customer's phone, simulated by the
// sandbox acquirer of this data folder (started on demand when none runs; codes and orders live
// in its shared ledger, so a code minted here is good for `souq pay` in another process).
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson, warn } from '../args.ts';
import { readStoredConfig } from '../../settings/config.ts';
import { ensureSandbox, sandboxAnswers, type EmbeddedSandbox } from '../../sandbox/embedded.ts';
import { orderTokenOf } from '../../sandbox/server.ts';
import { toDecimalString, money, type Currency } from '../../domain/money.ts';

const codeUsage = 'wallet code [--psp ALIPAY_CN|ALIPAY_HK] [--json]';
const payUsage = 'wallet pay <codeValue> [--json]';

async function withSandbox<T>(ctx: CliContext, fn: (endpoint: string) => Promise<T>): Promise<T> {
  // A configured real acquirer does not make the sandbox wallet useless (installers test with it),
  // but say which one answers.
  if (readStoredConfig(ctx.dataDir).acquirer) warn(ctx, 'Note: this terminal is configured for a real acquirer; the sandbox wallet only pays SANDBOX orders.');
  const open = async (reuse: boolean): Promise<EmbeddedSandbox> => {
    try {
      return await ensureSandbox(ctx.dataDir, { reuse });
    } catch (err) {
      throw new CliError(`Could not start the sandbox acquirer: ${(err as Error).message}`, EXIT.unreachable);
    }
  };
  let sb = await open(true);
  try {
    return await fn(sb.endpoint);
  } catch (err) {
    // We reused a sandbox hosted by another short-lived process (a second `souq wallet code`) that
    // exited between our health check and our request: start our own on the same ledger and ask once
    // more. Our own, not the next one registered: that may belong to a third short-lived process.
    if (sb.started || !(err instanceof CliError) || err.exitCode !== EXIT.unreachable) throw err;
    await sb.close();
    sb = await open(false);
    return await fn(sb.endpoint);
  } finally {
    await sb.close();
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new CliError(`The sandbox acquirer at ${new URL(url).origin} did not answer.`, EXIT.unreachable);
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    // an empty or non-JSON error page: the status says enough
  }
  return { status: res.status, json };
}

export const walletCode: CliCommand = {
  name: 'wallet code',
  usage: codeUsage,
  summary: 'print a fresh single-use SANDBOX payment code (valid 60 s), as the customer\'s wallet would show it',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { psp: { type: 'string' }, json: { type: 'boolean', default: false } }, codeUsage);
    if (values.psp !== undefined && !/^[A-Z_]{2,32}$/.test(values.psp)) throw new CliError(`--psp is a wallet name such as ALIPAY_CN or ALIPAY_HK, got "${values.psp}"`, EXIT.usage);
    const out = await withSandbox(ctx, (endpoint) => post(`${endpoint}/sandbox/wallet/codes`, values.psp ? { pspName: values.psp } : {}));
    if (out.status !== 200 || typeof out.json.code !== 'string') throw new CliError(`The sandbox could not mint a code (HTTP ${out.status}).`, EXIT.failure);
    if (values.json) {
      sayJson(ctx, { code: out.json.code, expiresAt: out.json.expiresAt, pspName: out.json.pspName });
      return EXIT.ok;
    }
    // The code alone on stdout so a script can take it: CODE=$(souq wallet code)
    say(ctx, out.json.code);
    warn(ctx, `SANDBOX ${String(out.json.pspName)} payment code, single use, valid until ${String(out.json.expiresAt)}.`);
    return EXIT.ok;
  },
};

/** The origin of a loopback order URL whose sandbox still answers, if any. */
async function liveOrigin(codeValue: string): Promise<string | undefined> {
  let u: URL;
  try {
    u = new URL(codeValue);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(u.hostname)) return undefined;
  return (await sandboxAnswers(u.origin)) ? u.origin : undefined;
}

export const walletPay: CliCommand = {
  name: 'wallet pay',
  usage: payUsage,
  summary: 'pay a SANDBOX order code (the QR the till shows) as the customer would',
  async run(ctx) {
    const { values, positionals } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, payUsage, { min: 1, max: 1 });
    const codeValue = positionals[0]!;
    if (!/^[A-Za-z0-9_-]{8,}$/.test(orderTokenOf(codeValue))) {
      throw new CliError(`"${codeValue.slice(0, 80)}" is not a sandbox order code: pass the QR's text (…/sandbox/wallet/order/<token>).`, EXIT.usage);
    }
    // The QR names the sandbox that made it; when that one is gone, this folder's sandbox holds the
    // same ledger.
    const origin = await liveOrigin(codeValue);
    const out = origin ? await post(`${origin}/sandbox/wallet/pay`, { codeValue }) : await withSandbox(ctx, (endpoint) => post(`${endpoint}/sandbox/wallet/pay`, { codeValue }));
    if (out.status !== 200) {
      const e = (out.json.error ?? {}) as { code?: string; message?: string };
      switch (e.code) {
        case 'ORDER_NOT_EXIST':
          throw new CliError('No SANDBOX order has this code (is it from another data folder?).', EXIT.failure, e.code);
        case 'ORDER_IS_CLOSED':
          throw new CliError('This order is closed: it expired or the cashier cancelled it. Ask for a new QR.', EXIT.failure, e.code);
        case 'ORDER_ALREADY_PAID':
          throw new CliError('This order is already paid.', EXIT.failure, e.code);
        default:
          throw new CliError(`The sandbox wallet refused the payment: ${e.message ?? `HTTP ${out.status}`}`, EXIT.failure, e.code ?? 'WALLET_PAY_FAILED');
      }
    }
    const amount = out.json.amount as { currency: Currency; value: string };
    const text = `${amount.currency} ${toDecimalString(money(Number(amount.value), amount.currency))}`;
    if (values.json) sayJson(ctx, { paymentRequestId: out.json.paymentRequestId, status: out.json.status, amount: text, merchantName: out.json.merchantName });
    else say(ctx, `Paid ${text} to ${String(out.json.merchantName)} (SANDBOX; payment ${String(out.json.paymentRequestId)}).`);
    return EXIT.ok;
  },
};
