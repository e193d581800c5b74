// The installer's on-screen test barcode is a real EAN-13: drawn from ean13Modules and read back by
// zbar (zbarimg), the decoder the e2e tests use for the customer display's QR.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ean13Modules, TEST_BARCODE } from '../../../renderer/installer/testBarcode.tsx';

/** A plain PBM of the modules (4 pixels a module, 11-module quiet zones), as a screen would show them. */
function pbm(modules: string): string {
  const row = `${'0'.repeat(11)}${modules}${'0'.repeat(11)}`.split('').flatMap((m) => [m, m, m, m]);
  const rows = Array.from({ length: 80 }, () => row.join(' '));
  return `P1\n${row.length} ${rows.length}\n${rows.join('\n')}\n`;
}

function decode(modules: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'souq-barcode-'));
  try {
    const file = join(dir, 'barcode.pbm');
    writeFileSync(file, pbm(modules));
    return execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('installer test barcode', () => {
  it('is an EAN-13 a scanner reads as the code printed under it', () => {
    expect(decode(ean13Modules(TEST_BARCODE))).toBe(TEST_BARCODE);
  });

  it('carries the first digit in the left half, so other codes read right too', () => {
    for (const code of ['5012345678900', '9501101530003', '0012345678905']) expect(decode(ean13Modules(code))).toBe(code);
  });

  it('refuses anything but 13 digits', () => {
    expect(() => ean13Modules('400638133393')).toThrow(/13 digits/);
  });
});
