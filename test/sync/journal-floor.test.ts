// A scanned code reaches the acquirer after exactly one fsync'd transaction: the attempt row, the
// outbox row with the exact body that is signed and sent, and their events, signed before the
// commit — and nothing else between the commit and the bytes.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AcquirerLink, PreparedRequest } from '../../app/acquirer/link.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the journal on the way to the acquirer', () => {
  it('a payment is signed inside its one transaction and on the wire right after the commit, with the signed body journalled', async () => {
    const seen: { at: 'prepare' | 'transmit'; inTx: boolean; commits: number; body: string }[] = [];
    let commits = 0;
    let counting = false;
    const wrapLink = (link: AcquirerLink): AcquirerLink => ({
      sandbox: link.sandbox,
      pathFor: (op) => link.pathFor(op),
      send: (op, body, o) => link.send(op, body, o),
      prepare(op, body) {
        if (op === 'pay') seen.push({ at: 'prepare', inTx: h!.terminal.db.inTransaction, commits, body });
        return link.prepare!(op, body);
      },
      transmit(p: PreparedRequest, o) {
        if (p.op === 'pay') seen.push({ at: 'transmit', inTx: h!.terminal.db.inTransaction, commits, body: p.body });
        return link.transmit!(p, o);
      },
    });
    h = await harness({ wrapLink });
    const db = h.terminal.db;
    const transaction = db.transaction.bind(db);
    // Count the write transactions (BEGIN IMMEDIATE … COMMIT) the payment's path opens.
    (db as { transaction: unknown }).transaction = (fn: (...a: unknown[]) => unknown) => {
      const tx = transaction(fn);
      const counted = (...a: unknown[]) => tx(...a);
      counted.immediate = (...a: unknown[]) => {
        const r = tx.immediate(...a);
        if (counting) commits++;
        return r;
      };
      return counted;
    };
    await h.terminal.engine.drain();
    // Every write to the attempt row, as SQLite sees it (temporary triggers live on this connection only).
    db.exec(`CREATE TEMP TABLE attempt_writes (what TEXT);
      CREATE TEMP TRIGGER attempt_inserted AFTER INSERT ON main.attempts BEGIN INSERT INTO attempt_writes VALUES ('insert ' || NEW.state); END;
      CREATE TEMP TRIGGER attempt_updated AFTER UPDATE ON main.attempts BEGIN INSERT INTO attempt_writes VALUES ('update ' || OLD.state || ' > ' || NEW.state); END;`);
    const saleId = h.sale(2_300);
    const code = h.code();
    counting = true;
    const a = h.terminal.payments.startWithCode({ saleId, code });
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);

    // One row write before the bytes leave: the attempt is born sent (no insert as created, then an update).
    expect((db.prepare('SELECT what FROM attempt_writes').all() as { what: string }[]).map((w) => w.what)[0]).toBe('insert sent');
    expect(db.prepare("SELECT COUNT(*) AS n FROM attempt_writes WHERE what LIKE '%created%'").get()).toEqual({ n: 0 });
    const [prepare, transmit] = seen;
    expect(prepare).toMatchObject({ at: 'prepare', inTx: true, commits: 0 });
    expect(transmit).toMatchObject({ at: 'transmit', inTx: false, commits: 1 });
    // What another connection sees at that instant's commit: the sent attempt, the signed bytes, the events.
    const other = new Database(dataPaths(h.dataDir).db, { readonly: true });
    try {
      const pay = other.prepare("SELECT body FROM journal WHERE subject_id = ? AND operation = 'pay'").all(a.paymentRequestId) as { body: string }[];
      expect(pay).toHaveLength(1);
      // The journalled bytes are the signed bytes (the code itself is wiped now that it is final).
      expect(pay[0]!.body).toBe(transmit!.body.replace(code, `${code.slice(0, 4)}…${code.slice(-4)}`));
      const events = (other.prepare("SELECT type FROM events WHERE subject = ? ORDER BY seq").all(a.paymentRequestId) as { type: string }[]).map((e) => e.type);
      expect(events.slice(0, 2)).toEqual(['attempt.created', 'attempt.send']);
    } finally {
      other.close();
    }
  });

  it('WAL checkpoints run after a payment settled, not inside the commit a scanned code waits on', async () => {
    h = await harness();
    const db = h.terminal.db;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await h.terminal.engine.drain();
    await new Promise((r) => setTimeout(r, 1_200));
    const file = dataPaths(h.dataDir).db;
    const before = statSync(file).mtimeMs;
    const a = h.terminal.payments.startWithCode({ saleId: h.sale(1_900), code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
    // The database file itself is written only by a checkpoint (WAL mode).
    await expect.poll(() => statSync(file).mtimeMs, { timeout: 5_000 }).toBeGreaterThan(before);
    await h.terminal.engine.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
