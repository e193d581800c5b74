// The acquirer guide's example (docs/acquirer.md, "Configuring a real acquirer") is what installers
// copy: it must import as it stands (with real keys put in), and it claims every field other than
// `acquirer` shows its default.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importConfig } from '../../app/settings/config.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';

function readmeExample(): Record<string, unknown> {
  const readme = readFileSync(new URL('../../docs/acquirer.md', import.meta.url), 'utf8');
  const from = readme.indexOf('```json', readme.indexOf('A full example'));
  const to = readme.indexOf('```', from + 7);
  // The example's keys are shortened with "…": a JSON string, but not a key.
  return JSON.parse(readme.slice(from + 7, to)) as Record<string, unknown>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-readme-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the config example in the acquirer guide', () => {
  it('imports once its two keys are real ones', () => {
    const example = readmeExample();
    const key = (type: 'pkcs8' | 'spki') => generateKeyPairSync('rsa', { modulusLength: 2048 })[type === 'pkcs8' ? 'privateKey' : 'publicKey'].export({ type, format: 'pem' }).toString();
    const acquirer = { ...(example.acquirer as object), merchantPrivateKey: key('pkcs8'), acquirerPublicKey: key('spki') };
    const file = join(dir, 'acquirer.json');
    writeFileSync(file, JSON.stringify({ ...example, acquirer }));
    const config = importConfig(join(dir, 'data'), file);
    expect(config.acquirer?.clientId).toBe('SANDBOX_5YBZ1R2YB2AE05021');
  });

  it('shows every section other than acquirer with exactly the defaults a missing field gets', () => {
    const { acquirer: _acquirer, ...rest } = readmeExample();
    expect(rest).toEqual(TerminalConfig.parse({}));
  });
});
