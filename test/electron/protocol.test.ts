import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveAppUrl } from '../../electron/protocol.ts';
import { contentSecurityPolicy, resolveInside } from '../../app/host/security.ts';

const parent = mkdtempSync(join(tmpdir(), 'souq-proto-'));
const root = join(parent, 'dist-renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(parent, 'secret.txt'), 'do not serve');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('app:// protocol and its path guard', () => {
  it('serves the renderer files with the CSP header', async () => {
    const res = await serveAppUrl(root, 'app://souq/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect((await serveAppUrl(root, 'app://souq/')).status).toBe(200);
  });

  it.each([
    'app://souq/../secret.txt',
    'app://souq/%2e%2e/secret.txt',
    'app://souq/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://souq/..%5csecret.txt',
    'app://souq/%00index.html',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const res = await serveAppUrl(root, url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('do not serve');
  });

  it('the guard never resolves outside the root', () => {
    expect(resolveInside(root, '/../secret.txt')).toBeNull();
    expect(resolveInside(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveInside(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('the CSP allows no eval and no inline script', () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:1234'] });
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });
});
