// The receipt printer on the cashier's status bar: silent while it is ready (or none is set up),
// a warning in words the moment it reports paper out, a cover open or no answer, and how many
// receipts wait for a reprint (they are kept, never lost). Polled: the printer is asked, it does not call.
import { useEffect, useState } from 'react';
import type { PrinterState, PrinterStatusView } from '../../app/api/printer.ts';
import { useCashier, useTransport } from './context.ts';

const POLL_MS = 5000;

const WORDS: Record<Exclude<PrinterState, 'ready' | 'not_configured' | 'unknown'>, { en: string; ar: string }> = {
  paper_low: { en: 'Printer: paper nearly finished', ar: 'الطابعة: الورق على وشك النفاد' },
  paper_out: { en: 'Printer: out of paper', ar: 'الطابعة: نفد الورق' },
  cover_open: { en: 'Printer: cover open', ar: 'الطابعة: الغطاء مفتوح' },
  offline: { en: 'Printer offline', ar: 'الطابعة غير متصلة' },
  no_answer: { en: 'Printer not answering', ar: 'الطابعة لا تستجيب' },
};
const QUEUED = { en: (n: number) => `${n} to reprint`, ar: (n: number) => `${n} بانتظار إعادة الطباعة` };

export function PrinterStatus() {
  const transport = useTransport();
  const lang = useCashier((s) => s.lang);
  const [status, setStatus] = useState<PrinterStatusView | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      transport.call('printer.status', {}).then(
        (s) => live && setStatus(s),
        () => live && setStatus(null),
      );
    void ask();
    const timer = setInterval(() => void ask(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [transport]);
  if (!status) return null;
  const problem = status.state === 'ready' || status.state === 'not_configured' || status.state === 'unknown' ? null : WORDS[status.state];
  if (!problem && status.queued === 0) return null;
  return (
    <span className="disconnected printer-status" role="status" data-testid="printer-status" data-state={status.state} title={status.message}>
      <span aria-hidden="true">⚠</span> {problem ? problem[lang] : null}
      {problem && status.queued > 0 ? ' · ' : null}
      {status.queued > 0 ? QUEUED[lang](status.queued) : null}
    </span>
  );
}
