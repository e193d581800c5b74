// A serial scanner's settings. The schema itself lives in the API contract (app/api/scanner.ts) so
// the installer screen, the CLI and the service validate through the same one; this adds the error
// a person reads when it refuses.
import { scannerSettingsSchema, type ScannerSettings } from '../../app/api/scanner.ts';

export {
  DEFAULT_SILENCE_MS,
  FLOW_CONTROLS,
  PARITIES,
  STANDARD_BAUD_RATES,
  SUFFIXES,
  scannerSettingsSchema,
  type ScannerSettings,
  type ScannerSettingsInput,
} from '../../app/api/scanner.ts';

/** An installer-readable problem with a scanner: a stable code and the words to show. */
export class ScannerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScannerError';
  }
}

export function parseScannerSettings(input: unknown): ScannerSettings {
  const r = scannerSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const where = i.path.join('.');
    if (i.code === 'unrecognized_keys') return `unknown setting${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
    return where && !i.message.startsWith(where) ? `${where}: ${i.message}` : i.message;
  });
  throw new ScannerError('SCANNER_SETTINGS', `Scanner settings are not valid: ${problems.join('; ')}`);
}
