// The crash test's judge: the terminal's journal against the acquirer's ledger, after settling.
// Each rule is one of the project's promises; a violation is a sentence naming the paymentRequestId.
import type { Db } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';

/** GET /sandbox/ledger → payments[] (app/sandbox/ledger.ts LedgerEntry), the fields we judge on. */
export interface LedgerPayment {
  clientId: string;
  paymentRequestId: string;
  paymentId: string;
  status: 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED';
  amount: { currency: string; value: string };
  timesCharged: number;
  refunded: { currency: string; value: string };
}

interface LocalAttempt {
  id: string;
  sale_id: string;
  state: string;
  amount_minor: number;
  payment_id: string | null;
}

interface LocalRefund {
  id: string;
  attempt_id: string;
  state: string;
  amount_minor: number;
  purpose: string;
}

const SETTLED = new Set(['succeeded', 'failed', 'cancelled', 'expired']);
const REFUND_SETTLED = new Set(['refunded', 'refund_failed']);

export interface Verdict {
  problems: string[];
  counts: { attempts: number; succeeded: number; cancelled: number; failed: number; expired: number; refunds: number; refunded: number; ledger: number; events: number };
}

export function compareWithLedger(db: Db, ledgerAll: LedgerPayment[], clientId: string): Verdict {
  const problems: string[] = [];
  const ledger = ledgerAll.filter((p) => p.clientId === clientId);
  const attempts = db.prepare('SELECT id, sale_id, state, amount_minor, payment_id FROM attempts').all() as LocalAttempt[];
  const refunds = db.prepare('SELECT id, attempt_id, state, amount_minor, purpose FROM refunds').all() as LocalRefund[];
  const local = new Map(attempts.map((a) => [a.id, a]));
  const remote = new Map(ledger.map((p) => [p.paymentRequestId, p]));
  const refundsOf = new Map<string, LocalRefund[]>();
  for (const r of refunds) refundsOf.set(r.attempt_id, [...(refundsOf.get(r.attempt_id) ?? []), r]);
  const refundedLocally = (id: string, purpose?: string) =>
    (refundsOf.get(id) ?? []).filter((r) => r.state === 'refunded' && (purpose === undefined || r.purpose === purpose)).reduce((s, r) => s + r.amount_minor, 0);
  const tenders = new Map(
    (db.prepare(`SELECT attempt_id, COUNT(*) AS n FROM tenders WHERE attempt_id IS NOT NULL GROUP BY attempt_id`).all() as { attempt_id: string; n: number }[]).map((t) => [t.attempt_id, t.n]),
  );

  // The acquirer's side: every payment it knows of.
  for (const p of ledger) {
    const id = p.paymentRequestId;
    if (p.timesCharged > 1) problems.push(`${id}: charged ${p.timesCharged} times at the acquirer`);
    const a = local.get(id);
    if (!a) {
      problems.push(`${id}: the acquirer has it (${p.status}, charged ${p.timesCharged}×) but the terminal never journalled it — a request went out before its commit`);
      continue;
    }
    if (String(a.amount_minor) !== p.amount.value) problems.push(`${id}: amount ${a.amount_minor} locally, ${p.amount.value} at the acquirer`);
    const refunded = Number(p.refunded.value);
    switch (p.status) {
      case 'SUCCESS':
        if (p.timesCharged !== 1) problems.push(`${id}: SUCCESS at the acquirer but charged ${p.timesCharged} times`);
        if (a.state === 'succeeded') {
          if (a.payment_id !== p.paymentId) problems.push(`${id}: paymentId ${a.payment_id} locally, ${p.paymentId} at the acquirer`);
          if (refundedLocally(id) !== refunded) problems.push(`${id}: refunded ${refundedLocally(id)} locally, ${refunded} at the acquirer`);
        } else if (a.state === 'cancelled') {
          // Past the cancel cut-off a cancel is a full refund (a reversal).
          if (refunded !== a.amount_minor || refundedLocally(id, 'reversal') !== a.amount_minor) {
            problems.push(`${id}: money taken at the acquirer (refunded ${refunded} of ${a.amount_minor}) but the terminal says cancelled`);
          }
        } else {
          problems.push(`${id}: money taken at the acquirer but the terminal says ${a.state}`);
        }
        break;
      case 'CANCELLED':
        if (a.state !== 'cancelled') problems.push(`${id}: cancelled at the acquirer but the terminal says ${a.state}`);
        break;
      case 'FAIL':
        if (a.state === 'succeeded') problems.push(`${id}: the terminal says succeeded but the acquirer failed it (no money taken)`);
        break;
      case 'PROCESSING':
        problems.push(`${id}: still open at the acquirer (PROCESSING) while the terminal says ${a.state}`);
        break;
      default:
        problems.push(`${id}: unknown ledger status ${String(p.status)}`);
    }
  }

  // The terminal's side: everything settled, and nothing claimed that the acquirer does not have.
  for (const a of attempts) {
    const p = remote.get(a.id);
    if (!SETTLED.has(a.state)) problems.push(`${a.id}: left ${a.state} after settling`);
    if (a.state === 'succeeded' && (!p || p.status !== 'SUCCESS')) problems.push(`${a.id}: the terminal says succeeded, the acquirer says ${p ? p.status : 'it never saw it'}`);
    const n = tenders.get(a.id) ?? 0;
    if (a.state === 'succeeded' && n !== 1) problems.push(`${a.id}: succeeded but its sale has ${n} wallet tenders for it (want 1)`);
    if (a.state !== 'succeeded' && n !== 0) problems.push(`${a.id}: ${a.state} but its sale has ${n} wallet tender(s) for it`);
  }
  for (const r of refunds) {
    if (!REFUND_SETTLED.has(r.state)) problems.push(`refund ${r.id} of ${r.attempt_id}: left ${r.state} after settling`);
    if (r.state === 'refunded' && !remote.has(r.attempt_id)) problems.push(`refund ${r.id}: refunded locally for a payment the acquirer does not have`);
  }
  for (const [id, p] of remote) {
    const a = local.get(id);
    if (a && a.state !== 'succeeded' && a.state !== 'cancelled' && Number(p.refunded.value) > 0) problems.push(`${id}: refunded at the acquirer while the terminal says ${a.state}`);
  }

  const chain = verifyChain(db);
  if (!chain.ok) problems.push(`event log: broken at event ${chain.brokenAt}: ${chain.reason}`);

  const count = (s: string) => attempts.filter((a) => a.state === s).length;
  return {
    problems,
    counts: {
      attempts: attempts.length,
      succeeded: count('succeeded'),
      cancelled: count('cancelled'),
      failed: count('failed'),
      expired: count('expired'),
      refunds: refunds.length,
      refunded: refunds.filter((r) => r.state === 'refunded').length,
      ledger: ledger.length,
      events: chain.count,
    },
  };
}
