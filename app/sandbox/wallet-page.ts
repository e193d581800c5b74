// The "customer's phone" for an order code: the QR a terminal shows points here, and confirming
// pays the order through the sandbox wallet. Deliberately plain HTML: it must open in any browser
// and in a headless test without scripts.
import type { PaymentRow } from './ledger.ts';
import { toDecimalString, money, type Currency } from '../domain/money.ts';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function amountText(row: PaymentRow): string {
  return `${row.currency} ${toDecimalString(money(row.amount_minor, row.currency as Currency))}`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:2rem auto;padding:0 1rem;text-align:center}
.amount{font-size:2rem;font-weight:600;margin:1rem 0}button{font-size:1.2rem;padding:.8rem 2rem;border-radius:.5rem;border:0;background:#1677ff;color:#fff}
.note{color:#666;font-size:.9rem}</style></head>
<body><p class="note">SANDBOX wallet — no real money</p>${body}</body></html>`;
}

export function orderPage(row: PaymentRow, token: string): string {
  const head = `<h1>Pay ${esc(amountText(row))} to ${esc(row.merchant_name)}</h1>`;
  switch (row.status) {
    case 'PROCESSING':
      return page(
        `Pay ${amountText(row)}`,
        `${head}<form method="post" action="/sandbox/wallet/order/${esc(token)}"><button type="submit" id="confirm">Confirm payment</button></form>`,
      );
    case 'SUCCESS':
      return page('Paid', `${head}<p id="status">Paid. Thank you.</p>`);
    case 'FAIL':
    case 'CANCELLED':
      return page('Closed', `${head}<p id="status">This order is closed and cannot be paid.</p>`);
    default: {
      const never: never = row.status;
      return page('Unknown', String(never));
    }
  }
}

export function notFoundPage(): string {
  return page('Not found', '<h1>No such order</h1><p id="status">This payment code is not known to the sandbox.</p>');
}
