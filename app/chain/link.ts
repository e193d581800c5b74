// The till's enrolment at its HQ: <data dir>/hq.json, readable by its owner only, like config.json.
// The credential is a secret like the merchant key: kept sealed by the OS keystore when the front end
// has one (app/settings/secrets.ts), else in clear in the 0600 file.
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SealedSecret } from '../settings/schema.ts';
import { isSealed, type SecretSealer } from '../settings/secrets.ts';

export const HQ_FILE = 'hq.json';

const StoredLink = z
  .object({
    hqUrl: z.string().url(),
    storeId: z.string().min(1).max(64),
    terminalId: z.string().min(1).max(64),
    credential: z.union([z.string().min(16), SealedSecret]),
    enrolledAt: z.string(),
  })
  .strict();
type StoredLink = z.infer<typeof StoredLink>;

export interface HqLink {
  hqUrl: string;
  storeId: string;
  terminalId: string;
  credential: string;
  enrolledAt: string;
}

export class ChainError extends Error {
  constructor(
    readonly code: 'NOT_ENROLLED' | 'HQ_FILE_INVALID' | 'ALREADY_ENROLLED' | 'HQ_UNREACHABLE' | 'HQ_REFUSED' | 'HQ_TAMPERED' | 'HQ_FILE_WRITE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export function hqFile(dataDir: string): string {
  return join(dataDir, HQ_FILE);
}

export function isEnrolled(dataDir: string): boolean {
  return existsSync(hqFile(dataDir));
}

export function loadLink(dataDir: string, sealer: SecretSealer | null = null): HqLink {
  const file = hqFile(dataDir);
  if (!existsSync(file)) throw new ChainError('NOT_ENROLLED', `This till is not enrolled at an HQ (no ${file}): run "souq hq enrol --hq URL --admin-token TOKEN --store STORE_ID".`);
  let parsed;
  try {
    parsed = StoredLink.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new ChainError('HQ_FILE_INVALID', `${file} is not a readable HQ enrolment: delete it and enrol the till again.`);
  const s = parsed.data;
  let credential: string;
  if (isSealed(s.credential)) {
    if (!sealer || sealer.id !== s.credential.by) {
      throw new ChainError('HQ_FILE_INVALID', `The HQ credential in ${file} is sealed by ${s.credential.by}: only the Souq POS app on this computer account can open it.`);
    }
    credential = sealer.open(s.credential.sealed);
  } else credential = s.credential;
  return { hqUrl: s.hqUrl, storeId: s.storeId, terminalId: s.terminalId, credential, enrolledAt: s.enrolledAt };
}

export function saveLink(dataDir: string, link: HqLink, sealer: SecretSealer | null = null): void {
  const stored: StoredLink = { ...link, credential: sealer ? { sealed: sealer.seal(link.credential), by: sealer.id } : link.credential };
  const target = hqFile(dataDir);
  const tmp = join(dataDir, `.${HQ_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(stored, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ChainError('HQ_FILE_WRITE_FAILED', `Cannot write ${target}: ${(err as Error).message}`);
  }
}

/**
 * The paymentNotifyUrl a pay request carries once the till is enrolled (HQ receives the acquirer's
 * notifications); undefined otherwise. Reads only the URL, never opens the credential.
 */
export function hqNotifyUrl(dataDir: string): string | undefined {
  const file = hqFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const url = (JSON.parse(readFileSync(file, 'utf8')) as { hqUrl?: unknown }).hqUrl;
    return typeof url === 'string' ? `${new URL(url).origin}/antom/notify` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * hqNotifyUrl for a payment's path: the file is read again only when it changed (enrolment writes
 * it by rename, so a new inode), not on every scan.
 */
export function hqNotifyUrlReader(dataDir: string): () => string | undefined {
  const file = hqFile(dataDir);
  let seen = '';
  let url: string | undefined;
  return () => {
    const st = statSync(file, { throwIfNoEntry: false });
    const key = st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '';
    if (key !== seen) {
      url = st ? hqNotifyUrl(dataDir) : undefined;
      seen = key;
    }
    return url;
  };
}
