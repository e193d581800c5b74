// UAE simplified tax invoice: bilingual title, store, TRN, invoice number, Dubai date and time,
// lines, VAT 5% in AED, total, tender details, and the SANDBOX mark when no real money moved.
import { useEffect, useState } from 'react';
import type { ReceiptView } from '../../app/api/contract.ts';
import type { Transport } from '../api/transport.ts';
import { dateTime, dirOf, lineName, money, translate, type Lang } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';
import QRCode from 'qrcode';
import { receiptCode } from '../../app/domain/sale.ts';
import { walletBrand } from '../../app/domain/wallets.ts';
import { lineAdjustmentWords } from './lineWords.ts';

const TENDER_WORDS = { wallet: 'receiptWallet', cash: 'receiptCash', card: 'receiptCard' } as const satisfies Record<string, MessageKey>;

export function ReceiptDocument({ receipt, lang }: { receipt: ReceiptView; lang: Lang }) {
  const { sale, store } = receipt;
  const t = (key: MessageKey) => translate(lang, key);
  const net = { minor: sale.total.minor - sale.vat.minor, currency: sale.total.currency };
  return (
    <article className="receipt" data-testid="receipt" dir={dirOf(lang)}>
      {receipt.sandbox ? (
        <p className="receipt-sandbox" data-testid="receipt-sandbox">
          SANDBOX — {t('receiptNotReal')}
        </p>
      ) : null}
      <h2 className="receipt-title">
        <span lang="en">Tax Invoice</span> / <span lang="ar">فاتورة ضريبية</span>
      </h2>
      <p className="receipt-store">
        <bdi>{store.name}</bdi>
      </p>
      <p>
        <bdi>{store.address}</bdi>
      </p>
      <p>
        TRN / {t('receiptTrn')}: <bdi>{store.trn}</bdi>
      </p>
      <p>
        {t('receiptInvoiceNo')}: <bdi data-testid="receipt-invoice">{sale.invoiceNo ?? '—'}</bdi> · {t('receiptTerminal')} <bdi>{receipt.terminalId}</bdi>
      </p>
      <p>
        <bdi>{dateTime(receipt.issuedAt, lang)}</bdi>
      </p>
      <table className="receipt-lines">
        <tbody>
          {sale.lines.flatMap((l) => [
            <tr key={l.id}>
              <td>{l.kind === 'product' ? <bdi>{l.name}</bdi> : lineName(l, lang)}</td>
              <td>
                <bdi>
                  {l.quantity} × {money(l.unitPrice, lang)}
                </bdi>
              </td>
              <td className="num">
                <bdi>{money(l.total, lang)}</bdi>
              </td>
            </tr>,
            lineAdjustmentWords(l, lang) ? (
              <tr key={`${l.id}-note`} className="receipt-line-note">
                <td colSpan={3}>
                  <small data-testid="receipt-line-note">{lineAdjustmentWords(l, lang)}</small>
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
      <dl className="receipt-totals">
        <dt>{t('receiptNet')}</dt>
        <dd>
          <bdi>{money(net, lang)}</bdi>
        </dd>
        <dt>{t('receiptVat')}</dt>
        <dd>
          <bdi data-testid="receipt-vat">{money(sale.vat, lang)}</bdi>
        </dd>
        <dt>{t('receiptGross')}</dt>
        <dd>
          <bdi data-testid="receipt-total">{money(sale.total, lang)}</bdi>
        </dd>
      </dl>
      <ul className="receipt-tenders">
        {sale.tenders.map((tn) => {
          const a = tn.attemptId ? receipt.attempts.find((x) => x.paymentRequestId === tn.attemptId) : undefined;
          const brand = walletBrand(a?.pspName ?? tn.wallet?.pspName);
          return (
            <li key={tn.id} data-testid="receipt-tender" data-kind={tn.kind} data-minor={tn.amount.minor}>
              {brand ? (
                <>
                  {t(TENDER_WORDS.wallet)} (<bdi>{brand}</bdi>)
                </>
              ) : (
                t(TENDER_WORDS[tn.kind])
              )}
              : <bdi>{money(tn.amount, lang)}</bdi>
              {tn.card?.last4 || tn.card?.approvalCode ? (
                <>
                  <br />
                  {tn.card.last4 ? (
                    <bdi data-testid="receipt-card-last4" dir="ltr">
                      **** {tn.card.last4}
                    </bdi>
                  ) : null}
                  {tn.card.last4 && tn.card.approvalCode ? ' · ' : null}
                  {tn.card.approvalCode ? (
                    <>
                      {t('receiptApproval')} <bdi data-testid="receipt-card-approval">{tn.card.approvalCode}</bdi>
                    </>
                  ) : null}
                </>
              ) : null}
              {tn.tendered ? (
                <>
                  {' '}
                  · {t('receiptTendered')} <bdi>{money(tn.tendered, lang)}</bdi>
                </>
              ) : null}
              {tn.change ? (
                <>
                  {' '}
                  · {t('receiptChange')} <bdi>{money(tn.change, lang)}</bdi>
                </>
              ) : null}
              {a?.paymentId ? (
                <>
                  <br />
                  {t('paymentId')}: <bdi>{a.paymentId}</bdi>
                </>
              ) : null}
              {a?.customerId ? (
                <>
                  <br />
                  {t('customer')}: <bdi>{a.customerId}</bdi>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      {sale.status === 'paid' && sale.taxFreeEligible ? (
        <p className="receipt-tax-free" data-testid="receipt-tax-free">
          {t('receiptTaxFree')}
          {sale.taxFreeTag ? (
            <>
              {' '}
              · {t('receiptTaxFreeTag')}: <bdi data-testid="receipt-tax-free-tag">{sale.taxFreeTag}</bdi>
            </>
          ) : null}
        </p>
      ) : null}
      {sale.invoiceNo ? <ReceiptCode value={codeOf(receipt.terminalId, sale.invoiceNo)} /> : null}
    </article>
  );
}

function codeOf(terminalId: string, invoiceNo: number): string | null {
  try {
    return receiptCode(terminalId, invoiceNo);
  } catch {
    return null; // a terminal id no code can carry: the invoice number above still finds the sale
  }
}

/** The receipt's own code as a QR (with the text under it): scanned at the manager's refund screen to find the sale. */
function ReceiptCode({ value }: { value: string | null }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!value) return;
    let live = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 4, scale: 4 }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [value]);
  if (!value) return null;
  return (
    <figure className="receipt-code">
      {src ? <img data-testid="receipt-code-qr" src={src} alt={value} /> : null}
      <figcaption data-testid="receipt-code">
        <bdi dir="ltr">{value}</bdi>
      </figcaption>
    </figure>
  );
}

export function useReceipt(transport: Transport, saleId: string | null, version: unknown): ReceiptView | null {
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  useEffect(() => {
    if (!saleId) return;
    let live = true;
    transport.call('receipt.get', { saleId }).then(
      (r) => live && setReceipt(r),
      () => live && setReceipt(null),
    );
    return () => {
      live = false;
    };
  }, [transport, saleId, version]);
  return receipt;
}
