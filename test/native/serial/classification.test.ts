import { describe, expect, it } from 'vitest';
import { classifyFrame, displayText } from '../../../native/serial/classification.ts';

const shown = (text: string) => displayText(text, classifyFrame(text, 0));

describe('what the installer sees of a scan', () => {
  it('masks a payment code read with spaces or dashes between its groups', () => {
    expect(shown('2810 1234 5678 9023 45')).not.toContain('1234 5678');
    expect(shown('2810-1234-5678-9023-45')).not.toContain('5678');
    expect(shown('2810 1234 5678 9023 45')).toMatch(/^2810…/);
  });

  it('masks a wallet code and a long digit run, and shows products and short text as scanned', () => {
    expect(shown('281012345678902345')).toBe('2810…2345');
    expect(shown('X281012345678902345Y')).not.toContain('12345678');
    expect(shown('4006381333931')).toBe('4006381333931');
    expect(shown('AB 12')).toBe('AB 12');
  });
});
