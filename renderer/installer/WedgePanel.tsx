// Keyboard-wedge calibration: the installer scans the test barcode shown (or printed) here; the keystrokes are
// measured with H6's calibrate() and suggested thresholds shown. An input method composing (Pinyin
// etc.) is warned about while it happens: "switch the keyboard to English".
import { useEffect, useRef, useState } from 'react';
import { calibrate, IME_WARNING, watchIme, type Calibration, type KeyLike } from '../scanning/index.ts';
import type { CalibrationNote } from '../scanning/index.ts';
import type { Lang } from '../i18n/i18n.ts';
import { errorWords } from '../i18n/errors.ts';
import { installerKey, installerText } from '../i18n/installer.ts';
import { useInstallerT, useLang } from './context.ts';
import { TestBarcode } from './testBarcode.tsx';

/** Far longer than any scanner's gap between keys (≤ 80 ms): this much quiet ends a scan sent without a suffix. */
const QUIET_MS = 1_000;

export function WedgePanel() {
  const t = useInstallerT();
  const lang = useLang();
  const [recording, setRecording] = useState(false);
  const [result, setResult] = useState<Calibration | null>(null);
  const [ime, setIme] = useState(false);
  const keys = useRef<KeyLike[]>([]);

  useEffect(() => watchIme(window, (s) => setIme(s.composing)), []);

  useEffect(() => {
    if (!recording) return;
    keys.current = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const record = (e: KeyboardEvent) => {
      keys.current.push({ type: e.type, code: e.code, key: e.key, keyCode: e.keyCode, isComposing: e.isComposing, timeStamp: e.timeStamp, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      e.preventDefault();
      if (e.type !== 'keydown') return;
      // A scanner set to send no suffix never presses Enter: the scan ends when the keys stop, and
      // calibrate() then notes the missing suffix instead of the screen waiting for ever.
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          setResult(calibrate(keys.current));
          setRecording(false);
        },
        e.key === 'Enter' || e.key === 'Tab' ? 150 : QUIET_MS,
      );
    };
    window.addEventListener('keydown', record, true);
    window.addEventListener('keyup', record, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', record, true);
      window.removeEventListener('keyup', record, true);
    };
  }, [recording]);

  return (
    <section className="panel" data-testid="wedge-panel">
      <h2>{t('wedgeTitle')}</h2>
      {(ime || result?.composing) && (
        <p className="installer-warning" role="alert" data-testid="ime-warning">
          {errorWords(lang, IME_WARNING.code, IME_WARNING.message)}
        </p>
      )}
      <TestBarcode caption={t('testBarcode')} />
      <button type="button" className="btn primary" data-testid="wedge-calibrate" disabled={recording} onClick={() => { setResult(null); setRecording(true); }}>
        {recording ? t('testScanNow') : t('calibrate')}
      </button>
      {result && (
        <div data-testid="wedge-result" data-ok={result.ok ? 'yes' : 'no'}>
          <dl>
            <dt>{t('wedgeRead')}</dt>
            <dd data-testid="wedge-read">{result.texts.length ? <bdi dir="ltr">{result.texts.join(', ')}</bdi> : t('wedgeNothing')}</dd>
            <dt>{t('perKey')}</dt>
            <dd>{result.perKeyMs ? t('perKeyValue', { median: result.perKeyMs.median.toFixed(1), p95: result.perKeyMs.p95.toFixed(1) }) : '—'}</dd>
            <dt>{t('keyHeld')}</dt>
            <dd>{result.dwellMs ? t('keyHeldValue', { median: result.dwellMs.median.toFixed(1) }) : t('noKeyups')}</dd>
            <dt>{t('wedgeSuffix')}</dt>
            <dd>{result.suffix === 'none' ? t('wedgeSuffix_none') : <bdi dir="ltr">{result.suffix}</bdi>}</dd>
            <dt>{t('suggested')}</dt>
            <dd data-testid="wedge-suggested">
              <bdi dir="ltr">
                {Object.entries(result.suggested)
                  .map(([k, v]) => `${k} ${String(v)}`)
                  .join(', ')}
              </bdi>
            </dd>
          </dl>
          <ul>
            {result.notes.map((n) => (
              <li key={n.code}>{noteWords(n, result, lang)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A calibration note: its own English words, or the Arabic ones for its code (with the measured figure). */
function noteWords(n: CalibrationNote, result: Calibration, lang: Lang): string {
  if (lang === 'en') return n.message;
  const key = installerKey(`note_${n.code}`);
  if (!key) return n.message;
  const ms = n.code === 'WEDGE_SCANNER_HOLDS_KEYS' ? result.dwellMs?.median : result.perKeyMs?.median;
  return installerText(lang, key, { ms: Math.round(ms ?? 0) });
}
