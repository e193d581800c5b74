// Pure security helpers shared by the browser host and the Electron shell's app:// protocol.
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/**
 * The file under `root` that a URL path names, or null when it would escape `root` (../, encoded
 * ../, absolute paths, NUL, backslashes on any platform).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = normalize(decoded.replace(/^\/+/, '') || 'index.html');
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return null;
  const full = resolve(root, rel);
  const r = relative(resolve(root), full);
  if (r === '' || r.startsWith('..') || isAbsolute(r)) return null;
  return full;
}

/**
 * The renderer's Content-Security-Policy. No 'unsafe-eval' and no inline scripts anywhere; styles
 * from our own files (React's style props go through the CSSOM, which CSP does not restrict).
 */
export function contentSecurityPolicy(opts: { connect?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.connect?.length ? ` ${opts.connect.join(' ')}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Why a request to the loopback host on `port` does not come from its own page, or null when it
 * does. The token alone is not enough: a page on another site that learnt it (a leaked URL, a
 * screenshot) could call with it, and a DNS-rebinding page reaches 127.0.0.1 under its own name.
 * Both show in the headers a browser cannot forge: Host names the site the page thinks it talks
 * to, Origin the site of the page itself. Tools without a browser (curl, tests) send no Origin.
 */
export function foreignRequest(headers: { host?: string | undefined; origin?: string | string[] | undefined }, port: number): string | null {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (headers.host ?? '').toLowerCase();
  if (!own.includes(host)) return 'host';
  const origin = headers.origin;
  if (origin === undefined) return null;
  if (typeof origin !== 'string' || !own.some((h) => origin.toLowerCase() === `http://${h}`)) return 'origin';
  return null;
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
