// Remembers where the cashier put each window (position, size, maximised) across restarts, and
// forgets a position that is no longer on any display.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds?: Bounds;
  maximized?: boolean;
  /** Customer display: the id of the display it was on. */
  displayId?: number;
}

export function loadWindowState(dir: string, name: string): WindowState {
  try {
    const all = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as Record<string, WindowState>;
    const s = all[name];
    if (!s || typeof s !== 'object') return {};
    const b = s.bounds;
    const ok = b && [b.x, b.y, b.width, b.height].every((n) => Number.isInteger(n)) && b.width >= 320 && b.height >= 240;
    return { bounds: ok ? b : undefined, maximized: s.maximized === true, displayId: typeof s.displayId === 'number' ? s.displayId : undefined };
  } catch {
    return {};
  }
}

export function saveWindowState(dir: string, name: string, state: WindowState): void {
  const file = join(dir, 'window-state.json');
  let all: Record<string, WindowState> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, WindowState>;
  } catch {
    all = {};
  }
  all[name] = state;
  writeFileSync(`${file}.tmp`, JSON.stringify(all, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** True when most of `b` lies on one of `displays` (a monitor may have been unplugged). */
export function visibleOn(b: Bounds, displays: Bounds[]): boolean {
  return displays.some((d) => {
    const w = Math.min(b.x + b.width, d.x + d.width) - Math.max(b.x, d.x);
    const h = Math.min(b.y + b.height, d.y + d.height) - Math.max(b.y, d.y);
    return w > 0 && h > 0 && w * h >= 0.5 * b.width * b.height;
  });
}

/** The display for the customer: the remembered one, else SOUQ_CUSTOMER_DISPLAY (index), else the first non-primary. */
export function chooseCustomerDisplay<D extends { id: number }>(displays: D[], primary: D, remembered?: number, envIndex?: string): D | null {
  if (remembered !== undefined) {
    const d = displays.find((x) => x.id === remembered);
    if (d) return d;
  }
  if (envIndex !== undefined && /^\d+$/.test(envIndex)) {
    const d = displays[Number(envIndex)];
    if (d) return d;
  }
  return displays.find((d) => d.id !== primary.id) ?? null;
}
