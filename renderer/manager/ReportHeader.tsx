// The header every printed or PDF report carries: store, terminal, period, printed by, printed at
// (Dubai time). It shows on screen too, so what is printed is what the manager saw.
import { createContext, useContext } from 'react';
import { dateTime } from '../i18n/i18n.ts';
import { useWords } from './words.tsx';

export interface HeaderFacts {
  store: string;
  terminalId: string;
  printedBy: string;
}

export const HeaderContext = createContext<HeaderFacts | null>(null);

export function ReportHeader({ period, className }: { period: string; className?: string }) {
  const { t, lang } = useWords();
  const facts = useContext(HeaderContext);
  if (!facts) return null;
  return (
    <p data-testid="report-header" className={`manager-report-header ${className ?? ''}`.trim()}>
      {t('reportHeader', { store: facts.store, terminal: facts.terminalId, period, by: facts.printedBy, at: dateTime(new Date().toISOString(), lang) })}
    </p>
  );
}
