import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../app/store/db.ts';
import { appendEvent, verifyChain } from '../../app/store/events.ts';
import { writeTx } from '../../app/journal/tx.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-events-'));
  db = openDb(join(dir, 'souq.sqlite'));
  for (let i = 1; i <= 10; i++) {
    writeTx(db, () => appendEvent(db, { type: 'attempt.sent', subject: `pr-${i}`, data: { amountMinor: 1000 * i } }));
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What an attacker with the file would do: the triggers are in the way, so drop them first. */
function dropGuards(): void {
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
}

describe('the event log', () => {
  it('an untouched log verifies', () => {
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 10 });
  });

  it('cannot be edited or deleted through SQL while its guards stand', () => {
    expect(() => db.prepare("UPDATE events SET data = '{}' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 3').run()).toThrow(/append-only/);
    expect(verifyChain(db).ok).toBe(true);
  });

  it('an edited amount is reported at exactly that event', () => {
    dropGuards();
    db.prepare('UPDATE events SET data = ? WHERE seq = 7').run(JSON.stringify({ amountMinor: 1 }));
    expect(verifyChain(db)).toEqual({ ok: false, count: 6, brokenAt: 7, reason: 'event 7 was altered' });
  });

  it('a deleted event is reported as missing', () => {
    dropGuards();
    db.prepare('DELETE FROM events WHERE seq = 4').run();
    expect(verifyChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'event 4 is missing' });
  });

  it('an edit that also recomputes its own hash is caught at the next event', () => {
    dropGuards();
    const row = db.prepare('SELECT * FROM events WHERE seq = 5').get() as { seq: number; at: string; type: string; subject: string; actor: string | null; prev_hash: string };
    const data = JSON.stringify({ amountMinor: 1 });
    const forged = createHash('sha256').update(row.prev_hash).update('\n').update(JSON.stringify([row.seq, row.at, row.type, row.subject, row.actor, data])).digest('hex');
    db.prepare('UPDATE events SET data = ?, hash = ? WHERE seq = 5').run(data, forged);
    expect(verifyChain(db)).toEqual({ ok: false, count: 5, brokenAt: 6, reason: 'event 6 does not follow event 5' });
  });
});
