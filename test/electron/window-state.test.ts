import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseCustomerDisplay, loadWindowState, saveWindowState, tillOptions, visibleOn } from '../../electron/window-state.ts';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('the cashier window comes back where it was left', () => {
    dir = mkdtempSync(join(tmpdir(), 'souq-ws-'));
    saveWindowState(dir, 'cashier', { bounds: { x: 10, y: 20, width: 1200, height: 700 }, maximized: true });
    saveWindowState(dir, 'customer', { displayId: 7 });
    expect(loadWindowState(dir, 'cashier')).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 700 }, maximized: true, displayId: undefined });
    expect(loadWindowState(dir, 'customer').displayId).toBe(7);
  });

  it('a damaged state file is ignored, not fatal', () => {
    dir = mkdtempSync(join(tmpdir(), 'souq-ws-'));
    writeFileSync(join(dir, 'window-state.json'), '{not json');
    expect(loadWindowState(dir, 'cashier')).toEqual({});
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify({ cashier: { bounds: { x: 'a', y: 0, width: 10, height: 10 } } }));
    expect(loadWindowState(dir, 'cashier').bounds).toBeUndefined();
  });

  it('a position on an unplugged monitor is not reused', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(visibleOn({ x: 100, y: 100, width: 800, height: 600 }, displays)).toBe(true);
    expect(visibleOn({ x: 2000, y: 100, width: 800, height: 600 }, displays)).toBe(false);
  });

  it('the customer display goes on the chosen display, else the remembered one, else the first that is not primary; none means no customer window', () => {
    const a = { id: 1 };
    const b = { id: 2 };
    const c = { id: 3 };
    expect(chooseCustomerDisplay([a, b, c], a, 'auto', 3)).toBe(c);
    expect(chooseCustomerDisplay([a, b, c], a, 'auto')).toBe(b);
    expect(chooseCustomerDisplay([a], a, 'auto')).toBeNull();
    // A display the installer chose wins over where the window was last time.
    expect(chooseCustomerDisplay([a, b, c], a, 2, 2)).toBe(c);
    expect(chooseCustomerDisplay([a, b, c], a, 0)).toBe(a);
    // The chosen display is unplugged: the customer still gets a screen.
    expect(chooseCustomerDisplay([a, b], a, 5, 99)).toBe(b);
    expect(chooseCustomerDisplay([a, b, c], a, 'none', 3)).toBeNull();
  });

  it('the till runs as the installer set it, and each environment variable overrides its setting', () => {
    const set = { kiosk: true, silentPrint: false, customerDisplay: 1 } as const;
    expect(tillOptions(set, {})).toEqual(set);
    expect(tillOptions(set, { SOUQ_KIOSK: '0', SOUQ_SILENT_PRINT: '1', SOUQ_CUSTOMER_DISPLAY: 'none' })).toEqual({ kiosk: false, silentPrint: true, customerDisplay: 'none' });
    expect(tillOptions({ kiosk: false, silentPrint: true, customerDisplay: 'none' }, { SOUQ_CUSTOMER_DISPLAY: '2' }, ['--kiosk'])).toEqual({ kiosk: true, silentPrint: true, customerDisplay: 2 });
    expect(tillOptions(set, { SOUQ_CUSTOMER_DISPLAY: 'auto' }).customerDisplay).toBe('auto');
    // A typo in a variable leaves the installer's setting in force.
    expect(tillOptions(set, { SOUQ_KIOSK: 'yes', SOUQ_SILENT_PRINT: '', SOUQ_CUSTOMER_DISPLAY: 'second' })).toEqual(set);
  });
});
