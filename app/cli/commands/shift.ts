// `souq shift [start|end]`: who is signed in at this till. The cashier screen is where shifts
// normally open and close; this is for a till run from scripts (souq pay) and for a manager
// ending a shift someone forgot. PINs come from --pin or stdin, never echoed.
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { openDb, type Db } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { readStoredConfig } from '../../settings/config.ts';
import { ATTEMPT_STATES, isFinalAttemptState } from '../../domain/attempt.ts';
import { currentShift, endShift, findUser, shiftRequired, signIn, startShift, type ShiftView } from '../../users/users.ts';
import { pinFrom, userErrorToCli } from './user.ts';

async function withTill<T>(ctx: CliContext, fn: (db: Db, terminalId: string) => Promise<T>): Promise<T> {
  const terminalId = readStoredConfig(ctx.dataDir).terminalId;
  const db = openDb(dataPaths(ctx.dataDir).db);
  try {
    return await fn(db, terminalId);
  } catch (err) {
    return userErrorToCli(err);
  } finally {
    db.close();
  }
}

function describe(shift: ShiftView | null, required: boolean): string {
  if (shift) return `${shift.name} is signed in at this till since ${shift.startedAt}.`;
  return required ? 'No one is signed in at this till: a new sale needs someone to sign in (souq shift start --name NAME).' : 'No one is signed in; this shop has no cashier yet, so sales need no sign-in.';
}

const showUsage = 'shift [--json]';
export const shiftShow: CliCommand = {
  name: 'shift',
  usage: showUsage,
  summary: 'who is signed in at this till, and whether a new sale needs a sign-in',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, showUsage);
    return withTill(ctx, async (db, terminalId) => {
      const shift = currentShift(db, terminalId);
      const signInRequired = shiftRequired(db);
      if (values.json) sayJson(ctx, { shift, signInRequired });
      else say(ctx, describe(shift, signInRequired));
      return EXIT.ok;
    });
  },
};

const startUsage = 'shift start --name NAME [--pin PIN]';
export const shiftStart: CliCommand = {
  name: 'shift start',
  usage: startUsage,
  summary: 'sign in at this till with your name and PIN (PIN on stdin if not given); sales then carry your name',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { name: { type: 'string' }, pin: { type: 'string' }, json: { type: 'boolean', default: false } }, startUsage);
    if (!values.name) throw new CliError(`Give your name with --name.\nUsage: souq ${startUsage}`, EXIT.usage);
    const name = values.name;
    return withTill(ctx, async (db, terminalId) => {
      const actor = await signIn(db, { name, pin: await pinFrom(values.pin, 0, `${name}'s PIN`) });
      const shift = startShift(db, actor, terminalId);
      if (values.json) sayJson(ctx, shift);
      else say(ctx, `${shift.name} is signed in at this till.`);
      return EXIT.ok;
    });
  },
};

const OPEN_STATES = ATTEMPT_STATES.filter((s) => !isFinalAttemptState(s));

const endUsage = 'shift end';
export const shiftEnd: CliCommand = {
  name: 'shift end',
  usage: endUsage,
  summary: 'sign out whoever is signed in at this till (refused while a payment here may still move money)',
  async run(ctx) {
    parseOptions(ctx.argv, {}, endUsage);
    return withTill(ctx, async (db, terminalId) => {
      const open = currentShift(db, terminalId);
      if (!open) {
        say(ctx, 'No one is signed in at this till.');
        return EXIT.ok;
      }
      const moving = db
        .prepare(`SELECT 1 FROM attempts a JOIN sales s ON s.id = a.sale_id WHERE s.terminal_id = ? AND a.state IN (${OPEN_STATES.map(() => '?').join(', ')}) LIMIT 1`)
        .get(terminalId, ...OPEN_STATES);
      if (moving) throw new CliError('A payment at this till is still in progress and money may still move: let it finish (souq sync) or cancel it, then end the shift.', EXIT.pending, 'PAYMENT_IN_PROGRESS');
      // The shift's own person ends it: a script has no other sign-in to attribute it to.
      endShift(db, { id: open.userId, name: open.name, role: findUser(db, open.userId)?.role ?? 'cashier' }, terminalId);
      say(ctx, `${open.name} is signed out of this till.`);
      return EXIT.ok;
    });
  },
};
