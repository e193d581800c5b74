import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser, currentShift, hasManager, requireRole, setPin, signIn, startShift, unlockUser, durationInWords } from '../../app/users/users.ts';
import { rejection } from './support.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-users-'));
  db = openDb(join(dir, 'souq.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('users and PINs', () => {
  it('has no manager and no default PIN until one is created explicitly', async () => {
    expect(hasManager(db)).toBe(false);
    const err = await rejection(addUser(db, { name: 'Omar', role: 'cashier', pin: '4829' }));
    expect(err.code).toBe('NO_MANAGER');
    expect(err.message).toMatch(/souq user add --name NAME --role manager/);
    const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    expect(hasManager(db)).toBe(true);
    expect(m.role).toBe('manager');
  });

  it('stores only a salted scrypt hash: two people with the same PIN have different hashes', async () => {
    const a = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const actor = { id: a.id, name: a.name, role: a.role };
    await addUser(db, { name: 'Omar', role: 'cashier', pin: '4829', by: actor });
    const rows = db.prepare('SELECT pin_hash, pin_salt FROM users').all() as { pin_hash: string; pin_salt: string }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.pin_hash).not.toBe(rows[1]!.pin_hash);
    expect(rows[0]!.pin_salt).not.toBe(rows[1]!.pin_salt);
    for (const r of rows) expect(r.pin_hash).not.toContain('4829');
  });

  it('signs in with the right PIN (Arabic-Indic digits too) and refuses a wrong one', async () => {
    await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const actor = await signIn(db, { name: 'Aisha', pin: '٤٨٢٩' });
    expect(actor).toMatchObject({ name: 'Aisha', role: 'manager' });
    const err = await rejection(signIn(db, { name: 'Aisha', pin: '4828' }));
    expect(err.code).toBe('WRONG_PIN');
    expect(err.message).toMatch(/4 tries left/);
    expect((await rejection(signIn(db, { name: 'Nobody', pin: '4829' }))).code).toBe('WRONG_PIN');
  });

  it('refuses PINs that are too short or too easy to guess', async () => {
    for (const pin of ['12', '1111', '1234', '9876', '12a4']) {
      expect((await rejection(addUser(db, { name: 'Aisha', role: 'manager', pin }))).code).toBe('PIN_FORMAT');
    }
    expect(hasManager(db)).toBe(false);
  });

  it('locks after 5 wrong PINs, says for how long, refuses even the right PIN, and opens again after the lock', async () => {
    await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const t0 = new Date('2026-01-10T08:00:00.000Z');
    for (let i = 1; i <= 4; i++) {
      expect((await rejection(signIn(db, { name: 'Aisha', pin: '0001', now: t0 }))).code).toBe('WRONG_PIN');
    }
    const locked = await rejection(signIn(db, { name: 'Aisha', pin: '0001', now: t0 }));
    expect(locked.code).toBe('LOCKED');
    expect(locked.message).toMatch(/Try again in 5 minutes/);
    const later = new Date(t0.getTime() + 90_000);
    const still = await rejection(signIn(db, { name: 'Aisha', pin: '4829', now: later }));
    expect(still.code).toBe('LOCKED');
    expect(still.message).toMatch(/Try again in 3 minutes 30 seconds/);
    const after = new Date(t0.getTime() + 5 * 60_000 + 1000);
    await expect(signIn(db, { name: 'Aisha', pin: '4829', now: after })).resolves.toMatchObject({ name: 'Aisha' });
    const types = (db.prepare('SELECT type FROM events ORDER BY seq').all() as { type: string }[]).map((r) => r.type);
    expect(types).toContain('user.locked');
    expect(verifyChain(db).ok).toBe(true);
  });

  it('lets a manager unlock a locked cashier, and records who did it', async () => {
    const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const manager = { id: m.id, name: m.name, role: m.role };
    await addUser(db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
    const policy = { maxTries: 2, lockMs: 60_000 };
    await rejection(signIn(db, { name: 'Omar', pin: '0001', policy }));
    expect((await rejection(signIn(db, { name: 'Omar', pin: '0001', policy }))).code).toBe('LOCKED');
    unlockUser(db, manager, 'Omar');
    await expect(signIn(db, { name: 'Omar', pin: '5172', policy })).resolves.toMatchObject({ role: 'cashier' });
    const ev = db.prepare("SELECT actor FROM events WHERE type = 'user.unlocked'").get() as { actor: string };
    expect(ev.actor).toBe(m.id);
  });

  it('lets only a manager add people or change another person\'s PIN', async () => {
    const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const manager = { id: m.id, name: m.name, role: m.role };
    const c = await addUser(db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
    const cashier = { id: c.id, name: c.name, role: c.role };
    expect((await rejection(addUser(db, { name: 'Lina', role: 'cashier', pin: '3917', by: cashier }))).code).toBe('NOT_ALLOWED');
    expect((await rejection(setPin(db, cashier, 'Aisha', '3917'))).code).toBe('NOT_ALLOWED');
    await setPin(db, cashier, 'Omar', '3917');
    await expect(signIn(db, { name: 'Omar', pin: '3917' })).resolves.toMatchObject({ id: c.id });
    expect(() => requireRole(cashier, 'manager', 'refund a sale')).toThrow(/Only a manager can refund a sale; Omar is a cashier/);
    expect(requireRole(manager, ['manager', 'installer'], 'change settings')).toBe(manager);
  });

  it('keeps one cashier at a till: a new sign-in ends the previous shift', async () => {
    const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const manager = { id: m.id, name: m.name, role: m.role };
    const c = await addUser(db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
    startShift(db, { id: c.id, name: c.name, role: c.role }, 'T01');
    expect(currentShift(db, 'T01')?.name).toBe('Omar');
    startShift(db, manager, 'T01');
    expect(currentShift(db, 'T01')?.name).toBe('Aisha');
    expect((db.prepare('SELECT COUNT(*) AS n FROM shifts WHERE ended_at IS NOT NULL').get() as { n: number }).n).toBe(1);
  });

  it('says waits in words', () => {
    expect(durationInWords(300_000)).toBe('5 minutes');
    expect(durationInWords(61_000)).toBe('1 minute 1 second');
    expect(durationInWords(12_300)).toBe('13 seconds');
  });
});
