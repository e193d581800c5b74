// Every opening of the cash drawer is an event in the hash-chained log with who opened it and why:
// a cash sale (the cashier), a manager's "open drawer, no sale", an installer's drawer test. The X
// and Z reports count the no-sale ones (`drawer.opened` with kind 'no_sale').
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { readTx } from '../journal/tx.ts';
import { businessDayBounds } from '../domain/time.ts';

export type DrawerOpenKind = 'cash_sale' | 'no_sale' | 'test';

export const DRAWER_OPENED = 'drawer.opened';

export interface DrawerKick {
  /** Pulses the drawer; throws with words when it cannot (printer offline, no drawer set up). */
  (): Promise<{ via: 'printer' | 'serial'; device: string }>;
}

export interface OpenDrawerInput {
  /** The person's id (users.id), or null for a till nobody is signed in at. */
  by: string | null;
  reason: string;
  kind?: DrawerOpenKind;
  saleId?: string | null;
}

export interface DrawerOpening {
  via: 'printer' | 'serial';
  device: string;
  at: string;
  by: string | null;
  reason: string;
  kind: DrawerOpenKind;
  saleId: string | null;
}

/**
 * Opens the drawer and logs it. The kick comes first: an opening is logged only when the pulse
 * went out, so the log never claims a drawer opened that stayed shut (the error says why instead).
 */
export async function openDrawer(deps: { db: Db; kick: DrawerKick; now?: () => Date }, input: OpenDrawerInput): Promise<DrawerOpening> {
  const kind = input.kind ?? 'no_sale';
  const { via, device } = await deps.kick();
  const at = (deps.now ?? (() => new Date()))();
  writeTx(deps.db, () =>
    appendEvent(deps.db, { type: DRAWER_OPENED, subject: input.saleId ?? 'drawer', actor: input.by, data: { kind, reason: input.reason, via, device, saleId: input.saleId ?? null }, at }),
  );
  return { via, device, at: at.toISOString(), by: input.by, reason: input.reason, kind, saleId: input.saleId ?? null };
}

/** The drawer's openings of one Dubai business day, oldest first (for the X/Z reports). */
export function drawerOpeningsOfDay(db: Db, day: string, kind?: DrawerOpenKind): DrawerOpening[] {
  const { start, end } = businessDayBounds(day);
  return readTx(db, () =>
    (db.prepare('SELECT at, actor, data FROM events WHERE type = ? AND at >= ? AND at < ? ORDER BY seq').all(DRAWER_OPENED, start.toISOString(), end.toISOString()) as { at: string; actor: string | null; data: string }[])
      .map((r) => {
        const d = JSON.parse(r.data) as { kind: DrawerOpenKind; reason: string; via: 'printer' | 'serial'; device: string; saleId: string | null };
        return { via: d.via, device: d.device, at: r.at, by: r.actor, reason: d.reason, kind: d.kind, saleId: d.saleId };
      })
      .filter((o) => kind === undefined || o.kind === kind),
  );
}
