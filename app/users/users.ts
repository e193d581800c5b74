// People who use the terminal, their roles, sign-in with lockout, and cashier shifts. Every change
// to a person and every privileged sign-in is one transaction with its event-log row, written
// through the journal's one writer (writeTx: BEGIN IMMEDIATE, disk-full in words).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { sql, writeTx } from '../journal/tx.ts';
import { appendEvent } from '../store/events.ts';
import { burnOneVerification, hashPin, verifyPin } from './pin.ts';

export const ROLES = ['cashier', 'manager', 'installer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is doing something: what the event log records and requireRole checks. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export type UserErrorCode =
  | 'WRONG_PIN'
  | 'LOCKED'
  | 'USER_DISABLED'
  | 'NO_SUCH_USER'
  | 'NAME_TAKEN'
  | 'NOT_ALLOWED'
  | 'NO_MANAGER'
  | 'PIN_FORMAT'
  | 'INVALID_USER'
  | 'SHIFT_REQUIRED';

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface LockoutPolicy {
  /** Wrong PINs in a row before the account locks. */
  maxTries: number;
  /**
   * How long each lock lasts: one duration, or a growing list (the first lock, the second, …; the
   * last one repeats). A lock counts towards the next until a right PIN or a manager's unlock.
   */
  lockMs: number | readonly number[];
}
const MINUTE = 60_000;
/** 5 wrong → 5 minutes, then 15, then an hour each time: a 4-digit PIN takes years to guess, not days. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxTries: 5, lockMs: [5 * MINUTE, 15 * MINUTE, 60 * MINUTE] };

/** The length of the lock after `earlierLocks` locks since the last right PIN or unlock. */
export function lockDuration(policy: LockoutPolicy, earlierLocks: number): number {
  if (typeof policy.lockMs === 'number') return policy.lockMs;
  const steps = policy.lockMs;
  return steps[Math.min(earlierLocks, steps.length - 1)] ?? 5 * MINUTE;
}

export const NO_MANAGER_MESSAGE =
  'No manager exists yet. Create one on this terminal: souq user add --name NAME --role manager (the PIN is read from stdin, or give --pin).';

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  pin_salt: string;
  failed_tries: number;
  locked_until: string | null;
  created_at: string;
  disabled: number;
}

export interface UserView {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

const view = (r: UserRow): UserView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled === 1,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
});

const ROLE_WORDS: Record<Role, string> = { cashier: 'a cashier', manager: 'a manager', installer: 'an installer' };

/** "4 minutes 30 seconds", "1 minute", "12 seconds": a wait said the way a person says it. */
export function durationInWords(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (m === 0) return part(s, 'second');
  return s === 0 ? part(m, 'minute') : `${part(m, 'minute')} ${part(s, 'second')}`;
}

/** Throws NOT_ALLOWED unless the actor has one of the roles. `what` completes "Only a manager can …". */
export function requireRole(actor: Actor | null | undefined, roles: Role | readonly Role[], what = 'do this'): Actor {
  const allowed: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  const who = allowed.map((r) => ROLE_WORDS[r]).join(' or ');
  if (!actor) throw new UserError('NOT_ALLOWED', `Only ${who} can ${what}: sign in first.`, { roles: allowed });
  if (!allowed.includes(actor.role)) {
    throw new UserError('NOT_ALLOWED', `Only ${who} can ${what}; ${actor.name} is ${ROLE_WORDS[actor.role]}. Ask ${who.replace(/^an? /, 'a ')} to sign in.`, {
      roles: allowed,
      actor: actor.id,
    });
  }
  return actor;
}

export function hasManager(db: Db): boolean {
  return db.prepare("SELECT 1 FROM users WHERE role = 'manager' AND disabled = 0 LIMIT 1").get() !== undefined;
}

export function listUsers(db: Db): UserView[] {
  return (db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(view);
}

export function findUser(db: Db, nameOrId: string): UserView | null {
  const r = db.prepare('SELECT * FROM users WHERE id = ? OR name = ?').get(nameOrId, nameOrId) as UserRow | undefined;
  return r ? view(r) : null;
}

export interface AddUserInput {
  name: string;
  role: Role;
  pin: string;
  /** The manager adding them; may be absent only while no manager exists and a manager is added. */
  by?: Actor | null;
  now?: Date;
}

/**
 * Adds a person. There is no default PIN: the first manager is created explicitly (bootstrap), and
 * after that only a manager adds people.
 */
export async function addUser(db: Db, input: AddUserInput): Promise<UserView> {
  const name = String(input.name ?? '').trim();
  if (!/^[\p{L}\p{N} .'-]{1,40}$/u.test(name)) {
    throw new UserError('INVALID_USER', 'A name is 1 to 40 letters, digits, spaces, dots, apostrophes or hyphens.');
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new UserError('INVALID_USER', `Role must be one of ${ROLES.join(', ')}; got "${String(input.role)}".`);
  }
  let stored;
  try {
    stored = await hashPin(input.pin);
  } catch (err) {
    throw new UserError('PIN_FORMAT', (err as Error).message);
  }
  const now = input.now ?? new Date();
  const id = `u-${randomBytes(5).toString('hex')}`;
  return writeTx(db, () => {
    const bootstrap = !hasManager(db);
    if (bootstrap) {
      if (input.role !== 'manager') throw new UserError('NO_MANAGER', NO_MANAGER_MESSAGE);
    } else {
      requireRole(input.by, 'manager', 'add people');
    }
    if (db.prepare('SELECT 1 FROM users WHERE name = ?').get(name)) {
      throw new UserError('NAME_TAKEN', `There is already someone called "${name}": choose another name.`);
    }
    db.prepare('INSERT INTO users (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id, name, input.role, stored.hash, stored.salt, now.toISOString(),
    );
    appendEvent(db, {
      type: 'user.added',
      subject: id,
      actor: bootstrap ? id : input.by!.id,
      data: { name, role: input.role, bootstrap },
      at: now,
    });
    return view(db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow);
  });
}

export interface SignInInput {
  /** The name (as listed on the sign-in screen) or the user id. */
  name: string;
  pin: string;
  now?: Date;
  policy?: LockoutPolicy;
}

/** Wrong tries, lock and earlier locks: the same record for a person and for a name nobody has. */
interface LockState {
  failedTries: number;
  lockedUntil: string | null;
  /** Locks since the last right PIN or unlock: the next one lasts longer. */
  locks: number;
}

const PERSON_RESET_EVENTS = "('user.signed_in', 'user.unlocked', 'user.pin_changed')";

function personLocks(db: Db, userId: string): number {
  // Counted from the event log, which records every lock already: no column to migrate.
  const r = db
    .prepare(
      `SELECT count(*) AS n FROM events WHERE subject = ? AND type = 'user.locked'
         AND seq > coalesce((SELECT max(seq) FROM events WHERE subject = ? AND type IN ${PERSON_RESET_EVENTS}), 0)`,
    )
    .get(userId, userId) as { n: number };
  return r.n;
}

/**
 * A name nobody has gets wrong tries and locks of its own, kept like a person's, so that "N tries
 * left" and "locked" answer the same whether the name exists or not. Keyed by a hash of the name as
 * typed (case-folded, as the users table compares names).
 */
function unknownNameKey(name: string): string {
  return `signin.unknown.${createHash('sha256').update(name.trim().toLowerCase()).digest('hex')}`;
}

function readUnknownName(db: Db, key: string): LockState {
  const row = sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return { failedTries: 0, lockedUntil: null, locks: 0 };
  try {
    const v = JSON.parse(row.value) as Partial<LockState>;
    return { failedTries: Number(v.failedTries) || 0, lockedUntil: typeof v.lockedUntil === 'string' ? v.lockedUntil : null, locks: Number(v.locks) || 0 };
  } catch {
    return { failedTries: 0, lockedUntil: null, locks: 0 };
  }
}

/**
 * Checks a PIN. Wrong PINs count up; at the policy's limit the name locks for a while (longer at
 * each lock until a right PIN or a manager's unlock), and the error says for how long. A locked
 * name is refused without looking at the PIN. A name nobody has answers exactly as a person's
 * does — the same words, tries left and lock, after the same work — so the answers do not tell
 * which names exist. A disabled person is told so only with the right PIN.
 */
export async function signIn(db: Db, input: SignInInput): Promise<Actor> {
  const policy = input.policy ?? DEFAULT_LOCKOUT;
  const now = input.now ?? new Date();
  const asked = String(input.name ?? '').trim();
  const find = () => db.prepare('SELECT * FROM users WHERE id = ? OR name = ?').get(asked, asked) as UserRow | undefined;
  const key = unknownNameKey(asked);
  const stateOf = (u: UserRow | undefined): LockState =>
    u ? { failedTries: u.failed_tries, lockedUntil: u.locked_until, locks: personLocks(db, u.id) } : readUnknownName(db, key);
  const lockLeft = (st: LockState) => (st.lockedUntil ? Date.parse(st.lockedUntil) - now.getTime() : 0);
  // The name as typed, not as stored: a differently spelt name must not come back corrected.
  const lockedError = (st: LockState) =>
    new UserError('LOCKED', `Too many wrong PINs: ${asked} is locked. Try again in ${durationInWords(lockLeft(st))}, or ask a manager to unlock.`, {
      lockedUntil: st.lockedUntil,
      msLeft: lockLeft(st),
    });

  const user = find();
  const before = stateOf(user);
  if (lockLeft(before) > 0) throw lockedError(before);

  // Unknown names spend one verification against a throwaway salt: the same time as a real check.
  const ok = user ? await verifyPin(input.pin, { hash: user.pin_hash, salt: user.pin_salt }) : (await burnOneVerification(input.pin), false);
  // The count of wrong tries must commit, so the outcome leaves the transaction as a value and
  // is thrown only after COMMIT (a throw inside would roll the count back).
  const outcome = writeTx(db, (): { actor: Actor } | { error: UserError } => {
    // Re-read: another window may have counted a wrong try (or locked) while the hash ran.
    const u = user ? find() : undefined;
    const st = stateOf(u);
    if (lockLeft(st) > 0) return { error: lockedError(st) };
    if (ok && u) {
      if (u.disabled) return { error: new UserError('USER_DISABLED', `${u.name} is disabled: ask a manager.`) };
      db.prepare('UPDATE users SET failed_tries = 0, locked_until = NULL WHERE id = ?').run(u.id);
      appendEvent(db, { type: 'user.signed_in', subject: u.id, actor: u.id, data: { role: u.role }, at: now });
      return { actor: { id: u.id, name: u.name, role: u.role } };
    }
    const tries = (st.lockedUntil ? 0 : st.failedTries) + 1;
    const save = (next: LockState) => {
      if (u) db.prepare('UPDATE users SET failed_tries = ?, locked_until = ? WHERE id = ?').run(next.failedTries, next.lockedUntil, u.id);
      else sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(next));
    };
    const subject = u?.id ?? null;
    if (tries >= policy.maxTries) {
      const until = new Date(now.getTime() + lockDuration(policy, st.locks)).toISOString();
      const next = { failedTries: 0, lockedUntil: until, locks: st.locks + 1 };
      save(next);
      appendEvent(db, { type: u ? 'user.locked' : 'signin.unknown_name_locked', subject, actor: null, data: { tries, lockedUntil: until, lock: next.locks, ...(u ? {} : { name: asked }) }, at: now });
      return { error: lockedError(next) };
    }
    save({ failedTries: tries, lockedUntil: null, locks: st.locks });
    appendEvent(db, { type: u ? 'user.wrong_pin' : 'signin.unknown_name', subject, actor: null, data: { tries, ...(u ? {} : { name: asked }) }, at: now });
    const left = policy.maxTries - tries;
    return {
      error: new UserError(
        'WRONG_PIN',
        `Name or PIN not recognised. ${left} ${left === 1 ? 'try' : 'tries'} left before ${asked} is locked for ${durationInWords(lockDuration(policy, st.locks))}.`,
        { triesLeft: left },
      ),
    };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.actor;
}

function changeUser(db: Db, by: Actor, userId: string, type: string, set: string, args: unknown[], data: Record<string, unknown>, now: Date): UserView {
  return writeTx(db, () => {
    const u = db.prepare('SELECT * FROM users WHERE id = ? OR name = ?').get(userId, userId) as UserRow | undefined;
    if (!u) throw new UserError('NO_SUCH_USER', `No one called "${userId}".`);
    db.prepare(`UPDATE users SET ${set} WHERE id = ?`).run(...args, u.id);
    appendEvent(db, { type, subject: u.id, actor: by.id, data: { name: u.name, ...data }, at: now });
    return view(db.prepare('SELECT * FROM users WHERE id = ?').get(u.id) as UserRow);
  });
}

export function unlockUser(db: Db, by: Actor, user: string, now = new Date()): UserView {
  requireRole(by, 'manager', 'unlock a person');
  return changeUser(db, by, user, 'user.unlocked', 'failed_tries = 0, locked_until = NULL', [], {}, now);
}

export function setDisabled(db: Db, by: Actor, user: string, disabled: boolean, now = new Date()): UserView {
  requireRole(by, 'manager', disabled ? 'disable a person' : 'enable a person');
  const target = findUser(db, user);
  // Disabling oneself could leave the shop with no manager; another manager must do it.
  if (disabled && target?.id === by.id) throw new UserError('NOT_ALLOWED', 'You cannot disable yourself: ask another manager.');
  return changeUser(db, by, user, disabled ? 'user.disabled' : 'user.enabled', 'disabled = ?', [disabled ? 1 : 0], {}, now);
}

/** A person changes their own PIN, or a manager sets someone's. */
export async function setPin(db: Db, by: Actor, user: string, pin: string, now = new Date()): Promise<UserView> {
  const target = findUser(db, user);
  if (!target) throw new UserError('NO_SUCH_USER', `No one called "${user}".`);
  if (target.id !== by.id) requireRole(by, 'manager', "change someone else's PIN");
  let stored;
  try {
    stored = await hashPin(pin);
  } catch (err) {
    throw new UserError('PIN_FORMAT', (err as Error).message);
  }
  return changeUser(db, by, target.id, 'user.pin_changed', 'pin_hash = ?, pin_salt = ?, failed_tries = 0, locked_until = NULL', [stored.hash, stored.salt], {}, now);
}

// ── shifts ─────────────────────────────────────────────────────────────────────────────────
export interface ShiftView {
  id: number;
  userId: string;
  name: string;
  terminalId: string;
  startedAt: string;
  endedAt: string | null;
}

const SHIFT_SQL = `SELECT s.id, s.user_id AS userId, u.name, s.terminal_id AS terminalId, s.started_at AS startedAt, s.ended_at AS endedAt
  FROM shifts s JOIN users u ON u.id = s.user_id`;

/** The cashier at this till now (their id goes on each sale as cashier_id), or null. */
export function currentShift(db: Db, terminalId: string): ShiftView | null {
  return (db.prepare(`${SHIFT_SQL} WHERE s.terminal_id = ? AND s.ended_at IS NULL`).get(terminalId) as ShiftView | undefined) ?? null;
}

/** True once the shop has an enabled cashier: from then on, a new sale needs someone signed in. */
export function shiftRequired(db: Db): boolean {
  return db.prepare("SELECT 1 FROM users WHERE role = 'cashier' AND disabled = 0 LIMIT 1").get() !== undefined;
}

/** The id to put on a new sale as its cashier; refuses in words when a shift is needed and none is open. */
export function cashierForNewSale(db: Db, terminalId: string): string | null {
  const shift = currentShift(db, terminalId);
  if (shift) return shift.userId;
  if (shiftRequired(db)) {
    throw new UserError('SHIFT_REQUIRED', 'No one is signed in at this till: sign in to your shift with your name and PIN before starting a sale.');
  }
  return null;
}

/** Signs a person in to the till; whoever was signed in there is signed out in the same step. */
export function startShift(db: Db, actor: Actor, terminalId: string, now = new Date()): ShiftView {
  return writeTx(db, () => {
    const open = currentShift(db, terminalId);
    if (open) {
      db.prepare('UPDATE shifts SET ended_at = ? WHERE id = ?').run(now.toISOString(), open.id);
      appendEvent(db, { type: 'shift.ended', subject: String(open.id), actor: actor.id, data: { userId: open.userId, terminalId, replacedBy: actor.id }, at: now });
    }
    const id = Number(db.prepare('INSERT INTO shifts (user_id, terminal_id, started_at) VALUES (?, ?, ?)').run(actor.id, terminalId, now.toISOString()).lastInsertRowid);
    appendEvent(db, { type: 'shift.started', subject: String(id), actor: actor.id, data: { terminalId }, at: now });
    return currentShift(db, terminalId)!;
  });
}

export function endShift(db: Db, actor: Actor, terminalId: string, now = new Date()): ShiftView | null {
  return writeTx(db, () => {
    const open = currentShift(db, terminalId);
    if (!open) return null;
    db.prepare('UPDATE shifts SET ended_at = ? WHERE id = ?').run(now.toISOString(), open.id);
    appendEvent(db, { type: 'shift.ended', subject: String(open.id), actor: actor.id, data: { userId: open.userId, terminalId }, at: now });
    return { ...open, endedAt: now.toISOString() };
  });
}
