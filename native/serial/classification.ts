// A serial frame goes through the same classifier as a wedge scan (app/domain/classify.ts), with
// one rule first: a frame holding unreadable bytes is noise or a wrong line setting, never a
// payment or a product, whatever its digits say.
import { classifyScan, maskCode, type ScanResult } from '../../app/domain/classify.ts';
import { assertNever } from '../../app/domain/never.ts';

export type ScanClassification = ScanResult;

export function classifyFrame(text: string, unreadableBytes: number): ScanClassification {
  if (unreadableBytes > 0) {
    return {
      kind: 'unknown',
      rejection: 'NOT_DIGITS',
      reason: `The scan held ${unreadableBytes} unreadable byte${unreadableBytes === 1 ? '' : 's'}: line noise, or the baud rate, data bits or parity do not match the scanner's settings.`,
    };
  }
  return classifyScan(text);
}

/**
 * The form of a scan that may be shown or logged: a wallet code is masked (first 4 … last 4), and
 * so is any other scan carrying a long run of digits (a payment code that lost a digit is still
 * most of a payment code). Product barcodes and short text are shown as scanned.
 */
export function displayText(text: string, classification: ScanClassification): string {
  switch (classification.kind) {
    case 'wallet':
      return maskCode(classification.code);
    case 'product':
      return text;
    case 'unknown':
      // Spaces or dashes between groups ("2810 1234 5678 9023 45", as wallet apps print the number) still make a payment code.
      return /\d{10,}/.test(text.replace(/[\s-]/g, '')) ? maskCode(text) : text;
    default:
      return assertNever(classification, 'scan kind');
  }
}

export { maskCode };
