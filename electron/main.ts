// The Electron main process: the terminal core (journal, sync engine) runs here, the cashier and
// customer windows render the same UI as the browser host, and the API contract is the only way
// between them (ipc.ts). Compiled to dist-electron/main.js by scripts/build.js.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session, type WebContents } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApi, type ApiCore } from '../app/handlers/index.ts';
import { createScannerControl } from '../native/serial/control.ts';
import { createPrinterControl } from '../native/printer/control.ts';
import { secretsPlacement } from './secrets.ts';
import { resolveDataDir } from '../app/settings/paths.ts';
import { APP_ORIGIN, serveAppUrl } from './protocol.ts';
import { registerApiIpc } from './ipc.ts';
import { chooseCustomerDisplay, loadWindowState, saveWindowState, tillOptions, visibleOn, type TillOptions } from './window-state.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = process.env.SOUQ_RENDERER_DIR ?? join(ROOT, 'dist-renderer');
const PRELOAD = join(ROOT, 'dist-electron', 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  // A second launch (a double click on the icon) just brings the running till forward.
  app.quit();
}

let core: ApiCore | null = null;
let cashier: BrowserWindow | null = null;
let customer: BrowserWindow | null = null;

const webPreferences = {
  preload: PRELOAD,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
  backgroundThrottling: false,
} as const;

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
}

/** A crashed or hung renderer is reloaded: the open sale lives in the core, so it comes back whole. */
function keepAlive(win: BrowserWindow, name: string): void {
  win.webContents.on('render-process-gone', (_e, details) => {
    console.error(`${name} window renderer gone (${details.reason}); reloading`);
    if (!win.isDestroyed()) win.webContents.reload();
  });
  let hung: NodeJS.Timeout | null = null;
  win.on('unresponsive', () => {
    hung ??= setTimeout(() => {
      hung = null;
      if (!win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
    }, 5000);
  });
  win.on('responsive', () => {
    if (hung) clearTimeout(hung);
    hung = null;
  });
}

function rememberBounds(win: BrowserWindow, dir: string, name: string, extra: () => { displayId?: number } = () => ({})): void {
  const save = () => {
    if (win.isDestroyed()) return;
    saveWindowState(dir, name, { bounds: win.getNormalBounds(), maximized: win.isMaximized(), ...extra() });
  };
  win.on('resized', save);
  win.on('moved', save);
  win.on('close', save);
}

function openCashier(stateDir: string, till: TillOptions): BrowserWindow {
  const state = loadWindowState(stateDir, 'cashier');
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = state.bounds && visibleOn(state.bounds, displays) ? state.bounds : { width: 1280, height: 800 };
  const win = new BrowserWindow({ ...bounds, minWidth: 800, minHeight: 560, kiosk: till.kiosk, show: false, title: 'Souq POS', webPreferences });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  keepAlive(win, 'cashier');
  rememberBounds(win, stateDir, 'cashier');
  void win.loadURL(`${APP_ORIGIN}/index.html#/cashier`);
  return win;
}

function openCustomer(stateDir: string, till: TillOptions): BrowserWindow | null {
  if (till.customerDisplay === 'none') return null;
  const state = loadWindowState(stateDir, 'customer');
  const display = chooseCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay(), till.customerDisplay, state.displayId);
  if (!display && process.env.SOUQ_CUSTOMER_WINDOW !== '1') return null; // one screen only: no customer display
  const area = display?.bounds ?? { x: 0, y: 0, width: 1024, height: 768 };
  // Never focusable: every scanner keystroke must land in the cashier window.
  const win = new BrowserWindow({
    ...area,
    focusable: false,
    skipTaskbar: true,
    frame: false,
    fullscreen: !!display,
    show: false,
    title: 'Souq POS — customer',
    webPreferences,
  });
  win.once('ready-to-show', () => win.showInactive());
  keepAlive(win, 'customer');
  rememberBounds(win, stateDir, 'customer', () => ({ displayId: display?.id }));
  void win.loadURL(`${APP_ORIGIN}/index.html#/customer`);
  return win;
}

/** The core hears whether the customer window is on screen: while it is not, the cashier screen shows the QR. */
function followCustomerWindow(win: BrowserWindow, display: ApiCore['display']): void {
  let detach: (() => void) | null = null;
  const shown = () => {
    detach ??= display.attach();
  };
  const hidden = () => {
    detach?.();
    detach = null;
  };
  if (win.isVisible()) shown();
  win.on('show', shown);
  win.on('restore', shown);
  win.on('hide', hidden);
  win.on('minimize', hidden);
  win.on('closed', hidden);
}

/** The displays as the installer's Till screen lists them; index is what the customerDisplay setting names. */
function listDisplays() {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d, index) => ({ index, label: d.label, width: d.size.width, height: d.size.height, primary: d.id === primary }));
}

app.on('web-contents-created', (_e, contents) => harden(contents));

app.on('second-instance', () => {
  if (!cashier) return;
  if (cashier.isMinimized()) cashier.restore();
  cashier.focus();
});

app.whenReady().then(async () => {
  const dataDir = resolveDataDir(undefined, { ...process.env, SOUQ_DATA_DIR: process.env.SOUQ_DATA_DIR ?? app.getPath('userData') });
  mkdirSync(dataDir, { recursive: true });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  protocol.handle('app', (request) => serveAppUrl(RENDERER_DIR, request.url));
  // A key sealed by a keystore this computer cannot open (a disk moved to a new PC, a reset
  // keyring) does not stop the shop: the app opens without the acquirer, the screens say so, and
  // the installer screen takes the keys again.
  core = await openApi({ dataDir, scanners: createScannerControl(), printer: createPrinterControl(), secrets: secretsPlacement(dataDir, safeStorage), displays: listDisplays, sealedKey: 'unavailable' });
  if (core.terminal.acquirerUnavailable) console.error('Souq POS started without its acquirer:', core.terminal.acquirerUnavailable.detail);
  // The installer's Till settings, read once at start; the environment variables override them.
  const till = tillOptions(core.terminal.config.till, process.env, process.argv);
  registerApiIpc(ipcMain, core.service, { silentPrint: till.silentPrint });
  cashier = openCashier(dataDir, till);
  customer = openCustomer(dataDir, till);
  if (customer) followCustomerWindow(customer, core.display);
  cashier.on('closed', () => {
    cashier = null;
    customer?.destroy();
    app.quit();
  });
}).catch((err: unknown) => {
  // No window exists yet: without a dialog the cashier would see the app simply not open. The
  // messages are words for a person (a corrupt or invalid config, a damaged database), never a
  // secret. A sealed key this computer cannot open no longer comes here (sealedKey above).
  const words = err instanceof Error ? err.message : String(err);
  console.error('Souq POS could not start:', words);
  dialog.showErrorBox('Souq POS could not start', `${words}\n\nCall the installer; the details are also in the log.`);
  app.exit(1);
});

app.on('will-quit', (e) => {
  if (!core) return;
  const c = core;
  core = null;
  e.preventDefault();
  void c.close().finally(() => app.quit());
});
