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

export type CustomerDisplayChoice = 'auto' | 'none' | number;

/** How this till runs: from the installer's Till settings, each overridden by its environment variable when that is set. */
export interface TillOptions {
  kiosk: boolean;
  silentPrint: boolean;
  customerDisplay: CustomerDisplayChoice;
}

/**
 * The installer's settings with the environment's overrides: SOUQ_KIOSK=1/0 (or --kiosk),
 * SOUQ_SILENT_PRINT=1/0, SOUQ_CUSTOMER_DISPLAY=auto|none|<index from 0>. Any other value of a
 * variable is ignored, so a typo cannot turn a setting off.
 */
export function tillOptions(settings: TillOptions, env: Record<string, string | undefined>, argv: readonly string[] = []): TillOptions {
  const flag = (v: string | undefined, fallback: boolean) => (v === '1' ? true : v === '0' ? false : fallback);
  const display = env.SOUQ_CUSTOMER_DISPLAY?.trim();
  return {
    kiosk: argv.includes('--kiosk') || flag(env.SOUQ_KIOSK, settings.kiosk),
    silentPrint: flag(env.SOUQ_SILENT_PRINT, settings.silentPrint),
    customerDisplay: display === 'auto' || display === 'none' ? display : display && /^\d{1,2}$/.test(display) ? Number(display) : settings.customerDisplay,
  };
}

/**
 * The display for the customer window. none: no window. A display index: that display while it is
 * plugged in. auto, or a chosen display that is not there now: the one it was on last time, else
 * the first that is not primary; null when there is only the cashier's screen.
 */
export function chooseCustomerDisplay<D extends { id: number }>(displays: D[], primary: D, choice: CustomerDisplayChoice, remembered?: number): D | null {
  if (choice === 'none') return null;
  if (typeof choice === 'number') {
    const d = displays[choice];
    if (d) return d;
  }
  if (remembered !== undefined) {
    const d = displays.find((x) => x.id === remembered);
    if (d) return d;
  }
  return displays.find((d) => d.id !== primary.id) ?? null;
}
