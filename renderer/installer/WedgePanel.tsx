// Keyboard-wedge calibration: the installer scans the printed test barcode here; the keystrokes are
// measured with H6's calibrate() and suggested thresholds shown. An input method composing (Pinyin
// etc.) is warned about while it happens: "switch the keyboard to English".
import { useEffect, useRef, useState } from 'react';
import { calibrate, IME_WARNING, watchIme, type Calibration, type KeyLike } from '../scanning/index.ts';

export function WedgePanel() {
  const [recording, setRecording] = useState(false);
  const [result, setResult] = useState<Calibration | null>(null);
  const [ime, setIme] = useState(false);
  const keys = useRef<KeyLike[]>([]);

  useEffect(() => watchIme(window, (s) => setIme(s.composing)), []);

  useEffect(() => {
    if (!recording) return;
    keys.current = [];
    const record = (e: KeyboardEvent) => {
      keys.current.push({ type: e.type, code: e.code, key: e.key, keyCode: e.keyCode, isComposing: e.isComposing, timeStamp: e.timeStamp, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      e.preventDefault();
      if (e.type === 'keydown' && (e.key === 'Enter' || e.key === 'Tab')) {
        setTimeout(() => {
          setResult(calibrate(keys.current));
          setRecording(false);
        }, 150);
      }
    };
    window.addEventListener('keydown', record, true);
    window.addEventListener('keyup', record, true);
    return () => {
      window.removeEventListener('keydown', record, true);
      window.removeEventListener('keyup', record, true);
    };
  }, [recording]);

  return (
    <section className="panel" data-testid="wedge-panel">
      <h2>Keyboard-wedge scanner</h2>
      {(ime || result?.composing) && (
        <p className="installer-warning" role="alert" data-testid="ime-warning">
          {IME_WARNING.message}
        </p>
      )}
      <button type="button" className="btn primary" data-testid="wedge-calibrate" disabled={recording} onClick={() => { setResult(null); setRecording(true); }}>
        {recording ? 'Scan the test barcode now…' : 'Calibrate: scan the test barcode'}
      </button>
      {result && (
        <div data-testid="wedge-result" data-ok={result.ok ? 'yes' : 'no'}>
          <dl>
            <dt>Read</dt>
            <dd data-testid="wedge-read">{result.texts.join(', ') || '(nothing)'}</dd>
            <dt>Per key</dt>
            <dd>{result.perKeyMs ? `median ${result.perKeyMs.median.toFixed(1)} ms, p95 ${result.perKeyMs.p95.toFixed(1)} ms` : '—'}</dd>
            <dt>Key held</dt>
            <dd>{result.dwellMs ? `median ${result.dwellMs.median.toFixed(1)} ms` : 'no key-ups sent'}</dd>
            <dt>Suffix</dt>
            <dd>{result.suffix}</dd>
            <dt>Suggested</dt>
            <dd data-testid="wedge-suggested">
              {Object.entries(result.suggested)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(', ')}
            </dd>
          </dl>
          <ul>
            {result.notes.map((n) => (
              <li key={n.code}>{n.message}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
