// app://souq/… serves the built renderer from disk: only files inside the renderer folder (the
// path guard), each with the CSP header. Pure apart from reading files, so it is testable.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CONTENT_TYPES, contentSecurityPolicy, resolveInside } from '../app/host/security.ts';

export const APP_ORIGIN = 'app://souq';

export async function serveAppUrl(rendererDir: string, url: string): Promise<Response> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return new Response('Not found', { status: 404 });
  const file = resolveInside(rendererDir, u.pathname === '/' ? '/index.html' : u.pathname);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
