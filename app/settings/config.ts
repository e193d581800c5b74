// The one loader of the terminal's configuration: <dataDir>/config.json, checked against
// schema.ts. Absent file → every default and no acquirer (the embedded sandbox). A file that is
// there but wrong stops the terminal with words naming the file and the field: running a shop on
// a half-read config (say, the sandbox because "acquirer" was misspelt) is worse than not starting.
import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { dataPaths } from './paths.ts';
import { ConfigFileError, readConfigFile } from './file.ts';
import { ensurePrivateDir } from '../store/private.ts';
import { StoredTerminalConfig, TerminalConfig } from './schema.ts';
import { isSealed, type ConfigSecrets, type SecretSealer } from './secrets.ts';

export type { StoredTerminalConfig, TerminalConfig } from './schema.ts';
export type { ConfigSecrets, SecretSealer } from './secrets.ts';

export type ConfigErrorCode =
  | 'CONFIG_UNREADABLE'
  | 'CONFIG_NOT_JSON'
  | 'CONFIG_INVALID'
  | 'CONFIG_WRITE_FAILED'
  /** The private key is sealed and this program has no sealer that can open it (CLI, browser host). */
  | 'CONFIG_SEALED'
  /** A sealer is here but the sealed value does not open: another computer or account, or a changed file. */
  | 'CONFIG_SEALED_UNREADABLE'
  /** The keystore refused to seal; nothing was written. */
  | 'CONFIG_SEAL_FAILED';

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    /** The file the message is about. */
    readonly file: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * A sealed key that no sealer here can open, in an otherwise sound config.json: the one start-up
 * refusal the app and the browser host may ride out without the acquirer (openTerminal's
 * sealedKey: 'unavailable'). Every other ConfigError still stops start-up.
 */
export function isSealedKeyError(err: unknown): err is ConfigError {
  return err instanceof ConfigError && (err.code === 'CONFIG_SEALED' || err.code === 'CONFIG_SEALED_UNREADABLE');
}

/**
 * Reads the data folder's config.json (all defaults, the sandbox, when there is none) and opens a
 * sealed private key with `secrets.sealer`. Without a sealer that can open it, a sealed key stops
 * here with CONFIG_SEALED: the terminal cannot sign a request without it.
 */
export function loadConfig(dataDir: string, secrets: ConfigSecrets = {}): TerminalConfig {
  return openConfig(readStoredConfig(dataDir), secrets.sealer ?? null, dataPaths(dataDir).config);
}

/** config.json as it is stored, sealed secrets left sealed: for `config show` and for rewriting it. */
export function readStoredConfig(dataDir: string): StoredTerminalConfig {
  const file = dataPaths(dataDir).config;
  const text = readConfig(file);
  if (text === null) return StoredTerminalConfig.parse({});
  return parseConfigText(text, file);
}

/** The stored config with its sealed private key opened; `file` names config.json in messages. */
export function openConfig(stored: StoredTerminalConfig, sealer: SecretSealer | null, file: string): TerminalConfig {
  const acq = stored.acquirer;
  if (!acq) return { ...stored, acquirer: undefined };
  const key = acq.merchantPrivateKey;
  if (!isSealed(key)) return { ...stored, acquirer: { ...acq, merchantPrivateKey: key } };
  if (!sealer) {
    throw new ConfigError('CONFIG_SEALED', `${file}: the acquirer key is sealed in this computer's keystore by the Souq POS app; run the app, or import the config again with \`souq config import\`.`, file);
  }
  if (sealer.id !== key.by) {
    throw new ConfigError('CONFIG_SEALED', `${file}: the acquirer key is sealed by ${key.by}, which this program cannot open (it has ${sealer.id}); run the program that saved it, or import the config again with \`souq config import\`.`, file);
  }
  const unreadable = () =>
    new ConfigError(
      'CONFIG_SEALED_UNREADABLE',
      `${file}: the acquirer key sealed in this computer's keystore cannot be opened (it was sealed on another computer or user account, or the file was changed). Import the config again with \`souq config import\`, then save the keys on the installer screen to seal them again. The file was left as it is.`,
      file,
    );
  let plain: string;
  try {
    plain = sealer.open(key.sealed);
  } catch {
    throw unreadable();
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(plain)) throw unreadable();
  checkKey(() => createPrivateKey(plain), 'acquirer.merchantPrivateKey', 'the merchant private key', file);
  return { ...stored, acquirer: { ...acq, merchantPrivateKey: plain } };
}

/**
 * The config with its clear private key sealed by `sealer`, ready to write. The seal is opened
 * again before anything is written: a keystore that cannot give the key back must not be the only
 * place it is kept.
 */
export function sealConfig(config: StoredTerminalConfig, sealer: SecretSealer): StoredTerminalConfig {
  const acq = config.acquirer;
  if (!acq || isSealed(acq.merchantPrivateKey)) return config;
  const plain = acq.merchantPrivateKey;
  let sealed: string;
  try {
    sealed = sealer.seal(plain);
    if (sealer.open(sealed) !== plain) throw new Error('round trip');
  } catch {
    throw new ConfigError('CONFIG_SEAL_FAILED', `This computer's keystore (${sealer.id}) could not keep the acquirer key. Nothing was saved.`, 'config.json');
  }
  return { ...config, acquirer: { ...acq, merchantPrivateKey: { sealed, by: sealer.id } } };
}

/**
 * Validates `file` completely, then replaces <dataDir>/config.json atomically (temp file, fsync,
 * rename) with mode 0600 — it holds the merchant's private key. On any error the old config stays
 * exactly as it was. Returns the config now in force.
 */
export function importConfig(dataDir: string, file: string): StoredTerminalConfig {
  const text = readConfig(file);
  if (text === null) throw new ConfigError('CONFIG_UNREADABLE', `Cannot read ${file}: no such file`, file);
  const config = parseConfigText(text, file);
  const target = dataPaths(dataDir).config;
  // Write what was validated, normalised (defaults filled in), so `config show` and the file agree.
  writeAtomically(target, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

/** The file's text, null when absent; a link, pipe, device or oversized file is refused without quoting it. */
function readConfig(file: string): string | null {
  try {
    return readConfigFile(file);
  } catch (err) {
    if (err instanceof ConfigFileError) throw new ConfigError('CONFIG_UNREADABLE', `Cannot read ${file}: ${err.why}. Nothing was changed.`, file);
    throw err;
  }
}

/**
 * Where JSON.parse stopped, as line and column. Its own message quotes the text around the error,
 * and config.json holds the merchant's private key: the words say where, never what.
 */
function jsonErrorWords(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  const at = /at position (\d+)/.exec(message);
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    return `it stops making sense at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
  }
  if (/Unexpected end of JSON input/.test(message)) return 'it ends before the JSON is complete';
  return 'it does not start as a JSON object';
}

/**
 * Parses and validates config text; `file` only names the source in messages. A key in clear is
 * checked here; a sealed one can be checked only when it is opened (openConfig).
 */
export function parseConfigText(text: string, file: string): StoredTerminalConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError('CONFIG_NOT_JSON', `${file} is not valid JSON (${jsonErrorWords(err, text)}). Fix the file or import a new one with "souq config import".`, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('CONFIG_INVALID', `${file} must hold a JSON object ({ "acquirer": …, "terminalId": … }).`, file);
  }
  const parsed = StoredTerminalConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${fieldName(i.path)}: ${issueWords(i)}`);
    throw new ConfigError('CONFIG_INVALID', `${file} is not a valid Souq POS configuration:\n${lines.join('\n')}`, file);
  }
  const unknown = unknownFields(raw, parsed.data);
  if (unknown.length > 0) {
    // A typo ("acquier") would otherwise be dropped silently and the shop would run on the sandbox.
    throw new ConfigError('CONFIG_INVALID', `${file} has fields Souq POS does not know: ${unknown.join(', ')}. Check the spelling against the README.`, file);
  }
  const acq = parsed.data.acquirer;
  if (acq) {
    const priv = acq.merchantPrivateKey;
    if (!isSealed(priv)) checkKey(() => createPrivateKey(priv), 'acquirer.merchantPrivateKey', 'the merchant private key', file);
    checkKey(() => createPublicKey(acq.acquirerPublicKey), 'acquirer.acquirerPublicKey', 'the acquirer public key', file);
  }
  return parsed.data;
}

function checkKey(make: () => KeyObject, field: string, what: string, file: string): void {
  let key: KeyObject;
  try {
    key = make();
  } catch {
    throw new ConfigError('CONFIG_INVALID', `${file}: ${field}: ${what} is not a readable PEM key.`, file);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError('CONFIG_INVALID', `${file}: ${field}: ${what} must be an RSA key (Antom signs with RSA256), got ${key.asymmetricKeyType ?? 'unknown'}.`, file);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) {
    throw new ConfigError('CONFIG_INVALID', `${file}: ${field}: ${what} is RSA-${bits}; Antom requires at least 2048 bits.`, file);
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

function issueWords(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_union') {
    // A key is PEM text or a sealed { sealed, by }: speak of the branch the value was meant for.
    const meant = i.errors.find((branch) => !branch.every((e) => e.code === 'invalid_type' && e.path.length === 0));
    if (meant?.[0]) return `${meant[0].path.length ? `${fieldName(meant[0].path)}: ` : ''}${issueWords(meant[0])}`;
    if (i.errors.flat().some((e) => e.message.includes('received undefined'))) return 'missing (a PEM key is required)';
    return 'must be PEM key text, or a sealed key { "sealed": …, "by": … } written by the Souq POS app';
  }
  if (i.code === 'invalid_type') {
    const expected = i.expected;
    // zod says "expected string, received undefined" for a missing field; say it plainly.
    return i.message.includes('received undefined') ? `missing (a ${expected} is required)` : i.message;
  }
  return i.message;
}

/** Paths present in `raw` that validation dropped: a key the schema does not have. */
function unknownFields(raw: unknown, parsed: unknown, prefix = ''): string[] {
  if (!isPlainObject(raw) || !isPlainObject(parsed)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (!(k in parsed)) out.push(path);
    else out.push(...unknownFields(v, parsed[k], path));
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeAtomically(target: string, text: string): void {
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    ensurePrivateDir(dir);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600); // openSync's mode is filtered by the umask; state it outright
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    throw new ConfigError('CONFIG_WRITE_FAILED', `Cannot write ${target}: ${why}. The previous configuration is unchanged.`, target);
  }
  try {
    // The rename is durable only once the folder entry is on disk (POSIX; Windows has no dir fsync).
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* best effort */
  }
}

// ── `souq config show` ────────────────────────────────────────────────────────────────────

export interface KeyFacts {
  type: string;
  bits: number;
  /** SHA-256 of the DER SubjectPublicKeyInfo, as hex pairs: what the acquirer's portal shows. */
  fingerprint: string;
}

export function publicKeyFacts(pem: string): KeyFacts {
  const key = createPublicKey(pem);
  const der = key.export({ type: 'spki', format: 'der' });
  const hex = createHash('sha256').update(der).digest('hex');
  return {
    type: (key.asymmetricKeyType ?? 'unknown').toUpperCase(),
    bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
    fingerprint: `SHA256:${hex.match(/../g)!.join(':')}`,
  };
}

/** Fingerprint of the public half of a merchant private key (PEM): what the acquirer registered. */
export function merchantFingerprint(privatePem: string): string {
  return publicKeyFacts(createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }) as string).fingerprint;
}

/**
 * The config with every secret replaced by a description; safe to print or log. The private key
 * shows only its kind and size, and the public key half of it by fingerprint so an installer can
 * compare with what was registered at the acquirer.
 */
export function maskedConfig(config: StoredTerminalConfig, opts: { sealedBy?: string | null } = {}): Record<string, unknown> {
  const { acquirer, ...rest } = config;
  if (!acquirer) return { mode: 'SANDBOX (embedded sandbox acquirer; no acquirer configured)', ...rest };
  let privateKey = '(unreadable private key)';
  let merchantPublicKeyFingerprint: string | undefined;
  const priv = acquirer.merchantPrivateKey;
  if (isSealed(priv)) {
    // Nothing about the sealed bytes is shown: not even their length says anything useful.
    privateKey = `(private key sealed in this computer's keystore by ${priv.by}; only the Souq POS app on this computer account can open it)`;
  } else {
    try {
      const pk = createPrivateKey(priv);
      // sealedBy: the caller opened a sealed key in memory to describe it.
      const where = opts.sealedBy ? `sealed in this computer's keystore by ${opts.sealedBy}` : 'set';
      privateKey = `(${(pk.asymmetricKeyType ?? 'unknown').toUpperCase()} private key, ${pk.asymmetricKeyDetails?.modulusLength ?? '?'}-bit, ${where})`;
      merchantPublicKeyFingerprint = merchantFingerprint(priv);
    } catch {
      /* left as unreadable */
    }
  }
  let acquirerPublicKey = '(unreadable public key)';
  try {
    const f = publicKeyFacts(acquirer.acquirerPublicKey);
    acquirerPublicKey = `(${f.type} public key, ${f.bits}-bit, ${f.fingerprint})`;
  } catch {
    /* left as unreadable */
  }
  return {
    mode: acquirer.clientId.startsWith('SANDBOX_') ? 'ACQUIRER (Antom sandbox credentials)' : 'ACQUIRER (live)',
    acquirer: {
      endpoint: acquirer.endpoint,
      clientId: acquirer.clientId,
      keyVersion: acquirer.keyVersion,
      pathPrefix: acquirer.pathPrefix ?? (acquirer.clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api (default)' : '/ams/api (default)'),
      timeoutMs: acquirer.timeoutMs,
      merchantPrivateKey: privateKey,
      merchantPublicKeyFingerprint,
      acquirerPublicKey,
    },
    ...rest,
  };
}
