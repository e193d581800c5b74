// People who use the terminal, their roles, sign-in with lockout, and cashier shifts. Every change
// to a person and every privileged sign-in is one transaction with its event-log row.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
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
  lockMs: number;
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxTries: 5, lockMs: 5 * 60_000 };

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
  return db.transaction(() => {
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
  }).immediate();
}

export interface SignInInput {
  /** The name (as listed on the sign-in screen) or the user id. */
  name: string;
  pin: string;
  now?: Date;
  policy?: LockoutPolicy;
}

/**
 * Checks a PIN. Wrong PINs count up; at the policy's limit the account locks for a while, and the
 * error says for how long. A locked account is refused without looking at the PIN.
 */
export async function signIn(db: Db, input: SignInInput): Promise<Actor> {
  const policy = input.policy ?? DEFAULT_LOCKOUT;
  const now = input.now ?? new Date();
  const find = () => db.prepare('SELECT * FROM users WHERE id = ? OR name = ?').get(input.name, input.name) as UserRow | undefined;
  const user = find();
  if (!user) {
    await burnOneVerification(input.pin);
    throw new UserError('WRONG_PIN', 'Name or PIN not recognised.');
  }
  if (user.disabled) throw new UserError('USER_DISABLED', `${user.name} is disabled: ask a manager.`);
  const lockLeft = (u: UserRow) => (u.locked_until ? Date.parse(u.locked_until) - now.getTime() : 0);
  const lockedError = (u: UserRow) =>
    new UserError('LOCKED', `Too many wrong PINs: ${u.name} is locked. Try again in ${durationInWords(lockLeft(u))}, or ask a manager to unlock.`, {
      lockedUntil: u.locked_until,
      msLeft: lockLeft(u),
    });
  if (lockLeft(user) > 0) throw lockedError(user);

  const ok = await verifyPin(input.pin, { hash: user.pin_hash, salt: user.pin_salt });
  // The count of wrong tries must commit, so the outcome leaves the transaction as a value and
  // is thrown only after COMMIT (a throw inside would roll the count back).
  const outcome = db.transaction((): { actor: Actor } | { error: UserError } => {
    // Re-read: another window may have counted a wrong try (or locked) while the hash ran.
    const u = find()!;
    if (lockLeft(u) > 0) return { error: lockedError(u) };
    if (ok) {
      db.prepare('UPDATE users SET failed_tries = 0, locked_until = NULL WHERE id = ?').run(u.id);
      appendEvent(db, { type: 'user.signed_in', subject: u.id, actor: u.id, data: { role: u.role }, at: now });
      return { actor: { id: u.id, name: u.name, role: u.role } };
    }
    const tries = (u.locked_until ? 0 : u.failed_tries) + 1;
    if (tries >= policy.maxTries) {
      const until = new Date(now.getTime() + policy.lockMs).toISOString();
      db.prepare('UPDATE users SET failed_tries = 0, locked_until = ? WHERE id = ?').run(until, u.id);
      appendEvent(db, { type: 'user.locked', subject: u.id, actor: null, data: { tries, lockedUntil: until }, at: now });
      return { error: lockedError({ ...u, locked_until: until }) };
    }
    db.prepare('UPDATE users SET failed_tries = ?, locked_until = NULL WHERE id = ?').run(tries, u.id);
    appendEvent(db, { type: 'user.wrong_pin', subject: u.id, actor: null, data: { tries }, at: now });
    const left = policy.maxTries - tries;
    return {
      error: new UserError('WRONG_PIN', `Name or PIN not recognised. ${left} ${left === 1 ? 'try' : 'tries'} left before ${u.name} is locked for ${durationInWords(policy.lockMs)}.`, {
        triesLeft: left,
      }),
    };
  }).immediate();
  if ('error' in outcome) throw outcome.error;
  return outcome.actor;
}

function changeUser(db: Db, by: Actor, userId: string, type: string, set: string, args: unknown[], data: Record<string, unknown>, now: Date): UserView {
  return db.transaction(() => {
    const u = db.prepare('SELECT * FROM users WHERE id = ? OR name = ?').get(userId, userId) as UserRow | undefined;
    if (!u) throw new UserError('NO_SUCH_USER', `No one called "${userId}".`);
    db.prepare(`UPDATE users SET ${set} WHERE id = ?`).run(...args, u.id);
    appendEvent(db, { type, subject: u.id, actor: by.id, data: { name: u.name, ...data }, at: now });
    return view(db.prepare('SELECT * FROM users WHERE id = ?').get(u.id) as UserRow);
  }).immediate();
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
  return db.transaction(() => {
    const open = currentShift(db, terminalId);
    if (open) {
      db.prepare('UPDATE shifts SET ended_at = ? WHERE id = ?').run(now.toISOString(), open.id);
      appendEvent(db, { type: 'shift.ended', subject: String(open.id), actor: actor.id, data: { userId: open.userId, terminalId, replacedBy: actor.id }, at: now });
    }
    const id = Number(db.prepare('INSERT INTO shifts (user_id, terminal_id, started_at) VALUES (?, ?, ?)').run(actor.id, terminalId, now.toISOString()).lastInsertRowid);
    appendEvent(db, { type: 'shift.started', subject: String(id), actor: actor.id, data: { terminalId }, at: now });
    return currentShift(db, terminalId)!;
  }).immediate();
}

export function endShift(db: Db, actor: Actor, terminalId: string, now = new Date()): ShiftView | null {
  return db.transaction(() => {
    const open = currentShift(db, terminalId);
    if (!open) return null;
    db.prepare('UPDATE shifts SET ended_at = ? WHERE id = ?').run(now.toISOString(), open.id);
    appendEvent(db, { type: 'shift.ended', subject: String(open.id), actor: actor.id, data: { userId: open.userId, terminalId }, at: now });
    return { ...open, endedAt: now.toISOString() };
  }).immediate();
}
