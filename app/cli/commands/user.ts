// `souq user add|list|unlock`: the people who use the terminal. There is no default PIN: the first
// manager is created here, explicitly. PINs come from --pin or stdin (one per line), never echoed.
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import type { Db } from '../../store/db.ts';
import { addUser, hasManager, listUsers, NO_MANAGER_MESSAGE, ROLES, signIn, unlockUser, UserError, type Actor, type Role } from '../../users/users.ts';
import { openDb } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';

let stdinLines: Promise<string[]> | null = null;
/** All of stdin, once, as lines: the new PIN first, then the approving manager's. */
function readStdinLines(): Promise<string[]> {
  stdinLines ??= new Promise((resolve, reject) => {
    if (process.stdin.isTTY) return resolve([]);
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => (text += d));
    process.stdin.on('end', () => resolve(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)));
    process.stdin.on('error', reject);
  });
  return stdinLines;
}

export async function pinFrom(flag: string | undefined, index: number, what: string): Promise<string> {
  if (flag) return flag;
  const lines = await readStdinLines();
  const pin = lines[index];
  if (!pin) throw new CliError(`Give ${what} with --pin, or on line ${index + 1} of stdin.`, EXIT.usage);
  return pin;
}

export function userErrorToCli(err: unknown): never {
  if (err instanceof UserError) {
    const code = err.code === 'PIN_FORMAT' || err.code === 'INVALID_USER' ? EXIT.usage : EXIT.failure;
    throw new CliError(err.message, code, err.code);
  }
  throw err;
}

/** Signs the approving manager in (name + PIN) for a privileged command. */
export async function managerFrom(db: Db, by: string | undefined, pin: string | undefined, pinLine: number, what: string): Promise<Actor> {
  if (!hasManager(db)) throw new CliError(NO_MANAGER_MESSAGE, EXIT.config, 'NO_MANAGER');
  if (!by) throw new CliError(`Only a manager can ${what}: give --by NAME (their PIN with --by-pin or on stdin).`, EXIT.usage);
  try {
    const actor = await signIn(db, { name: by, pin: await pinFrom(pin, pinLine, `${by}'s PIN`) });
    if (actor.role !== 'manager') throw new UserError('NOT_ALLOWED', `Only a manager can ${what}; ${actor.name} is a ${actor.role}.`);
    return actor;
  } catch (err) {
    return userErrorToCli(err);
  }
}

function withDb<T>(ctx: CliContext, fn: (db: Db) => Promise<T>): Promise<T> {
  // Opens (and creates on first run) the database: the first manager is added before anything else.
  const db = openDb(dataPaths(ctx.dataDir).db);
  return fn(db).finally(() => db.close());
}

const addUsage = 'user add --name NAME --role cashier|manager|installer [--pin PIN] [--by MANAGER [--by-pin PIN]]';
export const userAdd: CliCommand = {
  name: 'user add',
  usage: addUsage,
  summary: 'add a person with a PIN (the first manager needs no --by; after that a manager approves)',
  async run(ctx) {
    const { values } = parseOptions(
      ctx.argv,
      { name: { type: 'string' }, role: { type: 'string' }, pin: { type: 'string' }, by: { type: 'string' }, 'by-pin': { type: 'string' }, json: { type: 'boolean', default: false } },
      addUsage,
    );
    if (!values.name || !values.role) throw new CliError(`Give --name and --role.\nUsage: souq ${addUsage}`, EXIT.usage);
    if (!(ROLES as readonly string[]).includes(values.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}.`, EXIT.usage);
    return withDb(ctx, async (db) => {
      const pin = await pinFrom(values.pin, 0, 'the new PIN');
      const by = hasManager(db) ? await managerFrom(db, values.by, values['by-pin'], values.pin ? 0 : 1, 'add people') : null;
      try {
        const u = await addUser(db, { name: values.name!, role: values.role as Role, pin, by });
        if (values.json) sayJson(ctx, u);
        else say(ctx, `Added ${u.name} (${u.role}), id ${u.id}.${by ? '' : ' This is the first manager of this terminal.'}`);
        return EXIT.ok;
      } catch (err) {
        return userErrorToCli(err);
      }
    });
  },
};

const listUsage = 'user list [--json]';
export const userList: CliCommand = {
  name: 'user list',
  usage: listUsage,
  summary: 'the people who can sign in, their roles and any lock',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, listUsage);
    return withDb(ctx, async (db) => {
      const users = listUsers(db);
      if (values.json) sayJson(ctx, { users, hasManager: hasManager(db) });
      else {
        for (const u of users) {
          const notes = [u.disabled ? 'disabled' : '', u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() ? `locked until ${u.lockedUntil}` : ''].filter(Boolean).join(', ');
          say(ctx, `  ${u.name.padEnd(20)} ${u.role.padEnd(10)} ${u.id}${notes ? `  (${notes})` : ''}`);
        }
        if (!hasManager(db)) say(ctx, NO_MANAGER_MESSAGE);
      }
      return EXIT.ok;
    });
  },
};

const unlockUsage = 'user unlock --name NAME --by MANAGER [--by-pin PIN]';
export const userUnlock: CliCommand = {
  name: 'user unlock',
  usage: unlockUsage,
  summary: 'lift the lock after too many wrong PINs (a manager approves)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { name: { type: 'string' }, by: { type: 'string' }, 'by-pin': { type: 'string' } }, unlockUsage);
    if (!values.name) throw new CliError(`Give --name.\nUsage: souq ${unlockUsage}`, EXIT.usage);
    return withDb(ctx, async (db) => {
      const by = await managerFrom(db, values.by, values['by-pin'], 0, 'unlock a person');
      try {
        const u = unlockUser(db, by, values.name!);
        say(ctx, `${u.name} can sign in again.`);
        return EXIT.ok;
      } catch (err) {
        return userErrorToCli(err);
      }
    });
  },
};
