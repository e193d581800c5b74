import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { discoverPorts, parseByIdName, scanDevFiles, type PortDiscovery } from '../../../native/ports/discovery.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'souq-ports-'));
  dirs.push(d);
  return d;
}

/** A /dev and /sys as a Linux box with a Honeywell CDC scanner and a bare FTDI adapter shows them. */
function fakeMachine(): { devDir: string; sysDir: string } {
  const base = tempDir();
  const devDir = join(base, 'dev');
  const sysDir = join(base, 'sys');
  mkdirSync(join(devDir, 'serial', 'by-id'), { recursive: true });
  writeFileSync(join(devDir, 'ttyACM0'), '');
  writeFileSync(join(devDir, 'ttyUSB3'), '');
  writeFileSync(join(devDir, 'tty0'), ''); // a console, not a serial port
  symlinkSync('../../ttyACM0', join(devDir, 'serial', 'by-id', 'usb-Honeywell_Imaging___Mobility_1900_17086B0F5B-if00'));
  symlinkSync('../../ttyUSB9', join(devDir, 'serial', 'by-id', 'usb-Gone_Away_123-if00-port0')); // dangling
  const usbDev = join(sysDir, 'devices', 'pci0000:00', 'usb1', '1-2');
  mkdirSync(join(usbDev, '1-2:1.0', 'tty', 'ttyACM0'), { recursive: true });
  writeFileSync(join(usbDev, 'idVendor'), '0C2E\n');
  writeFileSync(join(usbDev, 'idProduct'), '0b61\n');
  writeFileSync(join(usbDev, 'serial'), '17086B0F5B\n');
  writeFileSync(join(usbDev, 'manufacturer'), 'Honeywell Imaging & Mobility\n');
  writeFileSync(join(usbDev, 'product'), '1900\n');
  mkdirSync(join(sysDir, 'class', 'tty', 'ttyACM0'), { recursive: true });
  symlinkSync(join(usbDev, '1-2:1.0'), join(sysDir, 'class', 'tty', 'ttyACM0', 'device'));
  return { devDir, sysDir };
}

/** A bin folder holding node and nothing else (optionally a udevadm that fails). */
function pathWithoutUdevadm(brokenUdevadm = false): string {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  if (brokenUdevadm) {
    writeFileSync(join(bin, 'udevadm'), '#!/bin/sh\necho "Failed to enumerate: Permission denied" >&2\nexit 1\n');
    chmodSync(join(bin, 'udevadm'), 0o755);
  }
  return bin;
}

async function discoverInChild(PATH: string, args: string[] = []): Promise<PortDiscovery> {
  const { stdout } = await run(process.execPath, ['bin/run-ts.js', 'test/native/ports/fixtures/discover.ts', ...args], { cwd: root, env: { PATH, HOME: tmpdir() } });
  return JSON.parse(stdout) as PortDiscovery;
}

describe('port discovery', () => {
  it('lists by-id and ttyUSB/ttyACM ports with vendor, product and serial when udevadm is not installed', async () => {
    const { devDir, sysDir } = fakeMachine();
    const found = await discoverInChild(pathWithoutUdevadm(), [devDir, sysDir]);
    expect(found.method).toBe('files');
    expect(found.warning).toMatch(/udevadm is not installed/);
    expect(found.ports).toEqual([
      {
        path: join(devDir, 'ttyACM0'),
        stablePath: join(devDir, 'serial', 'by-id', 'usb-Honeywell_Imaging___Mobility_1900_17086B0F5B-if00'),
        vendorId: '0c2e',
        productId: '0b61',
        serialNumber: '17086B0F5B',
        manufacturer: 'Honeywell Imaging & Mobility',
        product: '1900',
        friendlyName: 'Honeywell Imaging & Mobility 1900 (ttyACM0)',
      },
      { path: join(devDir, 'ttyUSB3'), friendlyName: 'USB serial adapter (ttyUSB3)' },
    ]);
  });

  it('does not crash on this machine without udevadm: lists what /dev has, possibly nothing', async () => {
    const found = await discoverInChild(pathWithoutUdevadm());
    expect(found.method).toBe('files');
    expect(Array.isArray(found.ports)).toBe(true);
    for (const p of found.ports) expect(p.path).toMatch(/^\/dev\/tty(USB|ACM)\d+$/);
  });

  it('still lists the ports from /dev when udevadm is there but fails', async () => {
    const { devDir, sysDir } = fakeMachine();
    // serialport either rejects (exit code seen first) or returns nothing (end of output seen
    // first); both must end in the file-system list
    const found = await discoverInChild(pathWithoutUdevadm(true), [devDir, sysDir]);
    expect(found.ports.map((p) => p.path)).toEqual([join(devDir, 'ttyACM0'), join(devDir, 'ttyUSB3')]);
  });

  it('uses udevadm when it is installed', async () => {
    const found = await discoverPorts({ pathEnv: process.env.PATH ?? '' });
    expect(found.method).toBe('os');
    expect(found.warning).toBeUndefined();
    for (const p of found.ports) expect(p.friendlyName).not.toBe('');
  });

  it('reads maker, model and serial from a by-id link name', () => {
    expect(parseByIdName('usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0')).toEqual({ manufacturer: 'FTDI', product: 'FT232R USB UART', serialNumber: 'A50285BI' });
    expect(parseByIdName('usb-Datalogic_Scanner-if00')).toEqual({ manufacturer: 'Datalogic', product: 'Scanner' });
    expect(parseByIdName('not-a-by-id-name')).toEqual({});
  });

  it('lists nothing, without failing, when /dev has no serial ports', () => {
    const empty = tempDir();
    expect(scanDevFiles(empty, empty)).toEqual([]);
    expect(scanDevFiles(join(empty, 'missing'), join(empty, 'missing'))).toEqual([]);
  });
});
