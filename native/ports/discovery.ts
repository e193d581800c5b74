// Which serial ports this computer has, with whatever the OS says about the device behind each.
//
// serialport's SerialPort.list() on Linux spawns `udevadm info -e`; on a stripped-down image
// without udev (kiosk builds, containers) that fails, and older bindings crashed outright. So we
// look for udevadm ourselves and, when it is missing or fails, read the same facts from the file
// system: /dev/serial/by-id link names (made by udev's 60-serial.rules as
// <bus>-<vendor>_<model>_<serial>-if<NN>), /dev/ttyUSB* and /dev/ttyACM*, and the USB descriptor
// files in sysfs. Listing is only a convenience: the scanner service opens any path typed by
// hand (a pseudo-terminal, a socat link) whether or not it is listed here.
import { accessSync, constants, existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { SerialPort } from 'serialport';
import type { PortView } from '../../app/api/scanner.ts';

/** A port as the installer screen and `souq scanner list` show it: the contract's own shape. */
export type PortInfo = PortView;

export interface PortDiscovery {
  ports: PortInfo[];
  /** 'os': the platform's own list (udevadm on Linux); 'files': read from /dev and /sys. */
  method: 'os' | 'files';
  /** Why the file-system fallback was used, in installer words. */
  warning?: string;
}

export interface DiscoveryOptions {
  /** Defaults to /dev and /sys; tests point them at a prepared tree. */
  devDir?: string;
  sysDir?: string;
  /** The PATH searched for udevadm; defaults to process.env.PATH. */
  pathEnv?: string;
  platform?: NodeJS.Platform;
}

export async function listPorts(opts: DiscoveryOptions = {}): Promise<PortInfo[]> {
  return (await discoverPorts(opts)).ports;
}

export async function discoverPorts(opts: DiscoveryOptions = {}): Promise<PortDiscovery> {
  const platform = opts.platform ?? process.platform;
  if (platform !== 'linux') {
    try {
      return { ports: sortPorts((await SerialPort.list()).map(fromOs)), method: 'os' };
    } catch (err) {
      return { ports: [], method: 'os', warning: `The system could not list serial ports (${errorText(err)}): type the port name by hand` };
    }
  }
  const fromFiles = scanDevFiles(opts.devDir ?? '/dev', opts.sysDir ?? '/sys');
  if (!findOnPath('udevadm', opts.pathEnv ?? process.env.PATH ?? '')) {
    return { ports: fromFiles, method: 'files', warning: 'udevadm is not installed: ports were listed from /dev/serial/by-id, /dev/ttyUSB* and /dev/ttyACM*' };
  }
  let os: PortInfo[];
  try {
    os = (await SerialPort.list()).map(fromOs);
  } catch (err) {
    return { ports: fromFiles, method: 'files', warning: `udevadm failed (${errorText(err)}): ports were listed from /dev/serial/by-id, /dev/ttyUSB* and /dev/ttyACM*` };
  }
  // udev knows every port; the file scan adds the stable by-id name and anything udev missed (a
  // failing udevadm can also make serialport resolve with an empty list rather than reject).
  const byPath = new Map(os.map((p) => [p.path, p]));
  for (const f of fromFiles) {
    const known = byPath.get(f.path);
    if (known) {
      if (f.stablePath) known.stablePath = f.stablePath;
    } else byPath.set(f.path, f);
  }
  return { ports: sortPorts([...byPath.values()]), method: 'os' };
}

function errorText(err: unknown): string {
  return String((err as { message?: unknown })?.message ?? err);
}

function findOnPath(name: string, pathEnv: string): boolean {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

interface OsPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  friendlyName?: string | undefined;
}

function fromOs(p: OsPortInfo): PortInfo {
  const info: PortInfo = { path: p.path, friendlyName: '' };
  if (p.vendorId) info.vendorId = p.vendorId.toLowerCase();
  if (p.productId) info.productId = p.productId.toLowerCase();
  if (p.serialNumber) info.serialNumber = p.serialNumber;
  if (p.manufacturer) info.manufacturer = p.manufacturer;
  if (p.pnpId && p.pnpId.startsWith('usb-')) {
    info.stablePath = `/dev/serial/by-id/${p.pnpId}`;
    const parsed = parseByIdName(p.pnpId);
    if (parsed.product) info.product = parsed.product;
  }
  info.friendlyName = p.friendlyName || friendlyName(info);
  return info;
}

/** Reads `usb-Honeywell_Imaging___Mobility_1900_17086B0F5B-if00` into maker, model and serial. */
export function parseByIdName(name: string): { manufacturer?: string; product?: string; serialNumber?: string } {
  const m = /^(?:usb|pci|platform)-(.+?)(?:-if[0-9a-f]{2})?(?:-port\d+)?$/i.exec(name);
  if (!m) return {};
  // udev replaced spaces with "_": runs of "_" inside a name were spaces or punctuation.
  const parts = m[1]!.split('_');
  const out: { manufacturer?: string; product?: string; serialNumber?: string } = {};
  const tidy = (s: string[]) => s.filter(Boolean).join(' ').trim();
  if (parts.length >= 3) {
    out.manufacturer = tidy([parts[0]!]);
    out.serialNumber = parts[parts.length - 1]!;
    out.product = tidy(parts.slice(1, -1));
  } else if (parts.length === 2) {
    out.manufacturer = tidy([parts[0]!]);
    out.product = tidy([parts[1]!]);
  } else out.product = tidy(parts);
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (!out[k]) delete out[k];
  return out;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readTrim(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The USB descriptor sysfs holds for a tty: walk up from the tty's device to the USB device node. */
function usbFacts(sysDir: string, ttyName: string): Partial<PortInfo> {
  let dir: string;
  try {
    dir = realpathSync(join(sysDir, 'class', 'tty', ttyName, 'device'));
  } catch {
    return {};
  }
  for (let i = 0; i < 6 && dir.length > 1; i++, dir = dirname(dir)) {
    const vendorId = readTrim(join(dir, 'idVendor'));
    if (!vendorId) continue;
    const facts: Partial<PortInfo> = { vendorId: vendorId.toLowerCase() };
    const productId = readTrim(join(dir, 'idProduct'));
    const serialNumber = readTrim(join(dir, 'serial'));
    const manufacturer = readTrim(join(dir, 'manufacturer'));
    const product = readTrim(join(dir, 'product'));
    if (productId) facts.productId = productId.toLowerCase();
    if (serialNumber) facts.serialNumber = serialNumber;
    if (manufacturer) facts.manufacturer = manufacturer;
    if (product) facts.product = product;
    return facts;
  }
  return {};
}

/** The fallback: ports known from /dev (by-id links first, then bare ttyUSB/ttyACM nodes) and /sys. */
export function scanDevFiles(devDir: string, sysDir: string): PortInfo[] {
  const ports = new Map<string, PortInfo>();
  const byIdDir = join(devDir, 'serial', 'by-id');
  for (const name of listDir(byIdDir).sort()) {
    let target: string;
    try {
      target = realpathSync(join(byIdDir, name));
    } catch {
      continue; // a dangling link: the device went away while we looked
    }
    if (ports.has(target)) continue; // a composite device has one link per interface
    const info: PortInfo = { path: target, friendlyName: '', stablePath: join(byIdDir, name), ...parseByIdName(name) };
    Object.assign(info, usbFacts(sysDir, basename(target)));
    ports.set(target, info);
  }
  for (const name of listDir(devDir).sort()) {
    if (!/^tty(USB|ACM)\d+$/.test(name)) continue;
    const path = join(devDir, name);
    if (ports.has(path) || !existsSync(path)) continue;
    ports.set(path, { path, friendlyName: '', ...usbFacts(sysDir, name) });
  }
  return sortPorts([...ports.values()].map((p) => ({ ...p, friendlyName: friendlyName(p) })));
}

function friendlyName(p: PortInfo): string {
  const name = basename(p.path);
  const maker = [p.manufacturer, p.product].filter(Boolean).join(' ');
  if (maker) return `${maker} (${name})`;
  if (/^ttyACM/.test(name)) return `USB serial device, CDC-ACM (${name})`;
  if (/^ttyUSB/.test(name)) return `USB serial adapter (${name})`;
  if (/^ttyS\d+$/.test(name)) return `Built-in serial port (${name})`;
  if (/^COM\d+$/i.test(name)) return `Serial port ${name}`;
  return name;
}

// USB devices first (that is where scanners are), then by path with numbers in order.
function sortPorts(ports: PortInfo[]): PortInfo[] {
  const rank = (p: PortInfo) => (p.vendorId ? 0 : /tty(USB|ACM)/.test(p.path) ? 1 : 2);
  return ports.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'en', { numeric: true }));
}
