// The installer's Till settings (kiosk mode, silent receipt printing, the customer display) on a
// real terminal in a temp data folder: saved into config.json with one audited event, refused in
// words with nothing written, and read back with the displays the shell reports.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore, type ApiOptions } from '../../app/handlers/index.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { maskedConfig, readStoredConfig } from '../../app/settings/config.ts';
import type { DisplayView } from '../../app/api/installer.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souq-till-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, opts: Partial<ApiOptions> = {}): Promise<ApiCore> {
  const core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, ...opts });
  cleanups.push(() => core.close());
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  await addUser(core.terminal.db, { name: 'Ivan', role: 'installer', pin: '1357', by: { id: 'x', name: 'Mona', role: 'manager' } });
  return core;
}

async function signIn(core: ApiCore): Promise<string> {
  const r = await core.service.call('installer.signIn', { name: 'Ivan', pin: '1357' });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { session: string }).session;
}

const tillEvents = (core: ApiCore) => core.terminal.db.prepare("SELECT actor, data FROM events WHERE type = 'settings.till_changed' ORDER BY seq").all() as { actor: string | null; data: string }[];

describe('till settings', () => {
  it('a config.json from before the till settings still loads, with kiosk and silent print off and the customer display automatic', async () => {
    const dir = tempDir();
    writeFileSync(dataPaths(dir).config, JSON.stringify({ terminalId: 'T09' }), { mode: 0o600 });
    const core = await open(dir);
    expect(core.terminal.config.till).toEqual({ kiosk: false, silentPrint: false, customerDisplay: 'auto' });
    const r = await core.service.call('installer.settings', { session: await signIn(core) });
    expect(r).toMatchObject({ ok: true, value: { till: { kiosk: false, silentPrint: false, customerDisplay: 'auto' }, displays: null, restartNeeded: false } });
  });

  it('saved till settings are in config.json, shown by config show, logged once with what changed, and take effect at the next start', async () => {
    const dir = tempDir();
    const core = await open(dir);
    const session = await signIn(core);
    const till = { kiosk: true, silentPrint: true, customerDisplay: 1 };
    const r = await core.service.call('installer.saveTill', { session, till });
    expect(r).toMatchObject({ ok: true, value: { till, restartNeeded: true } });
    expect(JSON.parse(readFileSync(dataPaths(dir).config, 'utf8')).till).toEqual(till);
    expect(maskedConfig(readStoredConfig(dir)).till).toEqual(till);
    const [ev, more] = tillEvents(core);
    expect(more).toBeUndefined();
    expect(ev!.actor).toBe(core.terminal.db.prepare("SELECT id FROM users WHERE name = 'Ivan'").pluck().get());
    expect(JSON.parse(ev!.data).changed).toEqual({ kiosk: { from: false, to: true }, silentPrint: { from: false, to: true }, customerDisplay: { from: 'auto', to: 1 } });

    // The same settings again change nothing and log nothing.
    expect((await core.service.call('installer.saveTill', { session, till })).ok).toBe(true);
    expect(tillEvents(core)).toHaveLength(1);

    // Turning only kiosk off logs only that; the store details saved before are kept.
    await core.service.call('installer.saveStore', { session, store: { storeName: 'Souq Al Bahar', address: 'Downtown Dubai', trn: '100234567890003', terminalId: 'T07', mcc: '5945' } });
    await core.service.call('installer.saveTill', { session, till: { ...till, kiosk: false, customerDisplay: 'none' } });
    expect(JSON.parse(tillEvents(core)[1]!.data).changed).toEqual({ kiosk: { from: true, to: false }, customerDisplay: { from: 1, to: 'none' } });
    expect(readStoredConfig(dir)).toMatchObject({ terminalId: 'T07', till: { kiosk: false, silentPrint: true, customerDisplay: 'none' } });

    await core.close();
    const again = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
    cleanups.push(() => again.close());
    expect(again.terminal.config.till).toEqual({ kiosk: false, silentPrint: true, customerDisplay: 'none' });
  });

  it('a customer display that is not auto, none or a display number is refused in words, and nothing is written or logged', async () => {
    const dir = tempDir();
    const core = await open(dir);
    const session = await signIn(core);
    for (const customerDisplay of ['second', -1, 2.5, 16, null]) {
      const r = await core.service.call('installer.saveTill', { session, till: { kiosk: false, silentPrint: false, customerDisplay } });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(!r.ok && r.error.message).toMatch(/customer display is auto, none, or a display number from 0 to 15/);
    }
    const kiosk = await core.service.call('installer.saveTill', { session, till: { kiosk: 'yes', silentPrint: false, customerDisplay: 'auto' } });
    expect(!kiosk.ok && kiosk.error.message).toMatch(/kiosk mode is on \(true\) or off \(false\)/);
    expect(existsSync(dataPaths(dir).config)).toBe(false);
    expect(tillEvents(core)).toHaveLength(0);
  });

  it('the displays the shell reports are listed for the installer; a shell that fails to list them is like the browser host', async () => {
    const displays: DisplayView[] = [
      { index: 0, label: 'Built-in', width: 1920, height: 1080, primary: true },
      { index: 1, label: 'Pole display', width: 800, height: 480, primary: false },
    ];
    const core = await open(tempDir(), { displays: () => displays });
    const r = await core.service.call('installer.settings', { session: await signIn(core) });
    expect(r).toMatchObject({ ok: true, value: { displays } });

    const broken = await open(tempDir(), {
      displays: () => {
        throw new Error('screen module not ready');
      },
    });
    expect(await broken.service.call('installer.settings', { session: await signIn(broken) })).toMatchObject({ ok: true, value: { displays: null } });
  });
});
