// PIN guessing: each lock lasts longer than the one before, and the answers — words, tries left,
// locks, time taken — are the same for a name nobody has as for a real person's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb, StoreError, type Db } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser, setDisabled, signIn, unlockUser, UserError, type Actor } from '../../app/users/users.ts';
import { rejection } from './support.ts';

let dir: string;
let db: Db;
let manager: Actor;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souq-lockout-'));
  db = openDb(join(dir, 'souq.sqlite'));
  const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
  manager = { id: m.id, name: m.name, role: m.role };
  await addUser(db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const MIN = 60_000;
/** Five wrong PINs at `at`; the last answer (the lock). */
async function fiveWrong(name: string, at: Date): Promise<UserError> {
  let last!: UserError;
  for (let i = 0; i < 5; i++) last = await rejection(signIn(db, { name, pin: '0001', now: at }));
  return last;
}

describe('the PIN lockout grows', () => {
  it('5 wrong PINs lock for 5 minutes, the next 5 for 15, then 60 each time; a right PIN starts again at 5', async () => {
    let t = new Date('2026-01-10T08:00:00.000Z');
    const after = (ms: number) => (t = new Date(t.getTime() + ms));
    for (const [n, words] of [[5, '5 minutes'], [15, '15 minutes'], [60, '60 minutes'], [60, '60 minutes']] as const) {
      const lock = await fiveWrong('Omar', t);
      expect(lock.code).toBe('LOCKED');
      expect(lock.message).toContain(`Try again in ${words}`);
      expect(lock.details.msLeft).toBe(n * MIN);
      // The right PIN does not open it a second early.
      expect((await rejection(signIn(db, { name: 'Omar', pin: '5172', now: after(n * MIN - 1000) }))).code).toBe('LOCKED');
      after(2000);
    }
    await expect(signIn(db, { name: 'Omar', pin: '5172', now: t })).resolves.toMatchObject({ name: 'Omar' });
    expect((await fiveWrong('Omar', t)).details.msLeft).toBe(5 * MIN);
    expect(verifyChain(db).ok).toBe(true);
  });

  it('the warning before the lock says how long the next lock will be', async () => {
    const t = new Date('2026-01-10T08:00:00.000Z');
    await fiveWrong('Omar', t);
    const later = new Date(t.getTime() + 5 * MIN + 1000);
    const warn = await rejection(signIn(db, { name: 'Omar', pin: '0001', now: later }));
    expect(warn.message).toBe('Name or PIN not recognised. 4 tries left before Omar is locked for 15 minutes.');
  });

  it("a manager's unlock starts the lockout again at 5 minutes", async () => {
    const t = new Date('2026-01-10T08:00:00.000Z');
    await fiveWrong('Omar', t);
    unlockUser(db, manager, 'Omar', t);
    expect((await fiveWrong('Omar', t)).details.msLeft).toBe(5 * MIN);
  });
});

describe('sign-in answers do not tell which names exist', () => {
  it('a name nobody has gets the same words, tries left and lock as a real name', async () => {
    const t = new Date('2026-01-10T08:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      const real = await rejection(signIn(db, { name: 'Omar', pin: '0001', now: t }));
      const none = await rejection(signIn(db, { name: 'Zainab', pin: '0001', now: t }));
      expect(none.code).toBe(real.code);
      expect(none.message).toBe(real.message.replace('Omar', 'Zainab'));
      expect(none.details).toEqual(real.details);
    }
    // Locked alike: a real name refuses even its right PIN, the unknown one any PIN.
    const realLocked = await rejection(signIn(db, { name: 'Omar', pin: '5172', now: t }));
    const noneLocked = await rejection(signIn(db, { name: 'Zainab', pin: '5172', now: t }));
    expect(noneLocked.code).toBe('LOCKED');
    expect(noneLocked.message).toBe(realLocked.message.replace('Omar', 'Zainab'));
    expect(noneLocked.details).toEqual(realLocked.details);
    // And the next lock of the unknown name grows as a person's does.
    const later = new Date(t.getTime() + 5 * MIN + 1000);
    expect((await fiveWrong('Zainab', later)).details.msLeft).toBe(15 * MIN);
  });

  it('a name typed in other letter case is answered with the name as typed, not corrected to the stored one', async () => {
    const e = await rejection(signIn(db, { name: 'omar', pin: '0001' }));
    expect(e.message).toContain('before omar is locked');
  });

  it('a disabled person is told so only with the right PIN; a wrong one counts like anyone else’s', async () => {
    setDisabled(db, manager, 'Omar', true);
    const wrong = await rejection(signIn(db, { name: 'Omar', pin: '0001' }));
    expect(wrong.code).toBe('WRONG_PIN');
    expect(wrong.details.triesLeft).toBe(4);
    expect((await rejection(signIn(db, { name: 'Omar', pin: '5172' }))).code).toBe('USER_DISABLED');
  });

  it('a wrong PIN for a name nobody has takes as long as one for a real name', async () => {
    const time = async (name: string) => {
      const t0 = performance.now();
      await rejection(signIn(db, { name, pin: '0001', policy: { maxTries: 1000, lockMs: MIN } }));
      return performance.now() - t0;
    };
    await time('Omar');
    await time('Zainab');
    const real: number[] = [];
    const none: number[] = [];
    for (let i = 0; i < 6; i++) {
      real.push(await time('Omar'));
      none.push(await time('Zainab'));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(none) / median(real);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('every write about people goes through the one writer', () => {
  it('adding a person on a full disk is refused in the words of a full disk, not a raw SQLite error', async () => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Fill the last free pages so the next insert needs a new one.
    let thrown: unknown;
    try {
      for (let i = 0; i < 200; i++) await addUser(db, { name: `Cashier ${i}`, role: 'cashier', pin: '5839', by: manager });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect((thrown as StoreError).code).toBe('DISK_FULL');
  });
});
