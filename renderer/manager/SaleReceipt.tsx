// A found sale's receipt: the tourist's tax-free tag number on a paid sale of AED 250 or more, and a
// reprint of the receipt (the cashier's own receipt document, so a reprint reads like the first).
import { useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { FoundSaleView } from '../../app/api/manager.ts';
import { ReceiptDocument, useReceipt } from '../receipt/Receipt.tsx';
import { saidOf, SaidText, useWords, type Said } from './words.tsx';

function TaxFree({ transport, session, sale, onTagged }: { transport: Transport; session: string; sale: FoundSaleView; onTagged: (s: FoundSaleView) => void }) {
  const { t, lang } = useWords();
  const [tag, setTag] = useState(sale.taxFreeTag ?? '');
  const [said, setSaid] = useState<Said | null>(null);
  const save = () => {
    setSaid(null);
    transport.call('manager.setTaxFreeTag', { session, saleId: sale.saleId, tag }).then(
      (s) => {
        onTagged(s);
        setSaid({ text: t('taxFreeSaved') });
      },
      (err: unknown) => setSaid(saidOf(err, lang)),
    );
  };
  return (
    <div className="manager-row" data-testid="sale-tax-free" data-tag={sale.taxFreeTag ?? ''}>
      <strong>{t('taxFreeEligible')}</strong>
      <label>
        {t('taxFreeTag')} <input data-testid="sale-tax-free-tag" value={tag} onChange={(e) => setTag(e.target.value)} maxLength={40} dir="ltr" />
      </label>
      <button type="button" data-testid="sale-tax-free-save" onClick={save}>
        {t('taxFreeSave')}
      </button>
      {said && (
        <span role="status" data-testid="sale-tax-free-message">
          <SaidText said={said} lang={lang} />
        </span>
      )}
    </div>
  );
}

function Reprint({ transport, saleId, version }: { transport: Transport; saleId: string; version: unknown }) {
  const { t, lang } = useWords();
  const receipt = useReceipt(transport, saleId, version);
  if (!receipt) return null;
  const print = () => {
    // The one print gives the receipt alone (manager.css); afterprint puts the screen back.
    const root = document.documentElement;
    root.classList.add('manager-print-receipt');
    window.addEventListener('afterprint', () => root.classList.remove('manager-print-receipt'), { once: true });
    transport.call('receipt.print', { saleId }).then(
      (r) => r.printed || window.print(),
      () => window.print(),
    );
  };
  return (
    <div data-testid="sale-receipt">
      <ReceiptDocument receipt={receipt} lang={lang} />
      <button type="button" data-testid="sale-receipt-print" onClick={print}>
        {t('printReceipt')}
      </button>
    </div>
  );
}

export function SaleReceipt({ transport, session, sale, onTagged }: { transport: Transport; session: string; sale: FoundSaleView; onTagged: (s: FoundSaleView) => void }) {
  const { t } = useWords();
  const [shown, setShown] = useState(false);
  return (
    <>
      {sale.taxFreeEligible && <TaxFree key={sale.saleId} transport={transport} session={session} sale={sale} onTagged={onTagged} />}
      {sale.invoiceNo !== null && (
        <div className="manager-row">
          <button type="button" data-testid="sale-reprint" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {t('reprintReceipt')}
          </button>
        </div>
      )}
      {shown && <Reprint transport={transport} saleId={sale.saleId} version={`${sale.taxFreeTag}|${sale.tenders.map((x) => x.refundable.minor).join()}`} />}
    </>
  );
}
