import { useCashier, useT } from './context.ts';

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '.'] as const;

export function Keypad() {
  const t = useT();
  const keypad = useCashier((s) => s.keypad);
  const press = useCashier((s) => s.keypadPress);
  const clear = useCashier((s) => s.keypadClear);
  const back = useCashier((s) => s.keypadBack);
  const add = useCashier((s) => s.keypadAdd);
  return (
    <div className="keypad" role="group" aria-label={t('keypadLabel')}>
      <output className="keypad-display" data-testid="keypad-display" aria-live="polite">
        <bdi>{keypad || '0'}</bdi>
      </output>
      <div className="keypad-grid">
        {KEYS.map((k) => (
          <button key={k} type="button" className="btn key" data-testid={k === '.' ? 'keypad-key-dot' : `keypad-key-${k}`} onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="btn key" onClick={back} aria-label={t('keypadBack')}>
          <span aria-hidden="true" className="mirror">⌫</span>
        </button>
      </div>
      <div className="keypad-actions">
        <button type="button" className="btn" onClick={clear}>
          {t('keypadClear')}
        </button>
        <button type="button" className="btn primary" data-testid="keypad-add" onClick={() => void add()} disabled={keypad === ''}>
          {t('keypadAdd')}
        </button>
      </div>
    </div>
  );
}
