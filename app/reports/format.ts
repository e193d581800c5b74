// Takings as a person reads them (CLI, receipt printer, X/Z slips) and as a spreadsheet reads them
// (CSV). Amounts in the text come from formatMoney; in CSV as plain decimals and as integer fils.
import { formatMoney, toDecimalString, type Money } from '../domain/money.ts';
import type { Takings } from './takings.ts';

const m = (x: Money) => formatMoney(x);

function period(t: Takings): string {
  return t.from === t.to ? `business day ${t.from} (Asia/Dubai)` : `business days ${t.from} to ${t.to} (Asia/Dubai)`;
}

/** A label, then figures each right-aligned in its own column, so amounts line up down the slip. */
function rows(table: [string, ...string[]][], indent = '  '): string[] {
  const widths = table.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return table.map(([label, ...figures]) => `${indent}${[label.padEnd(widths[0]!), ...figures.map((f, i) => f.padStart(widths[i + 1]!))].join('  ')}`.trimEnd());
}

export function takingsText(t: Takings, title = 'Takings'): string {
  const out: string[] = [`${title} — ${period(t)}`, ''];
  out.push(
    ...rows([
      ['Gross sales', m(t.sales.gross)],
      ['Refunds', m({ ...t.refunds.total, minor: -t.refunds.total.minor })],
      ['Net', m(t.net)],
      ['Sales (paid)', String(t.sales.count)],
      ['Average ticket', m(t.sales.averageTicket)],
      ['Refunds made', String(t.refunds.count)],
      ['Voided sales', String(t.sales.voidedCount)],
      ['Open sales', String(t.sales.openCount)],
      ['VAT collected', m(t.vat.collected)],
      ['VAT refunded', m(t.vat.refunded)],
      ['VAT net', m(t.vat.net)],
    ]),
  );
  out.push('', 'By tender (sales / refunds / net)');
  out.push(...rows(t.byTender.map((x) => [`${x.label} (${x.count})`, m(x.sales), m(x.refunds), m(x.net)])));
  if (t.byTender.length === 0) out.push('  none');
  out.push('', 'By hour (Dubai)');
  const busy = t.byHour.filter((h) => h.count > 0);
  out.push(...rows(busy.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, String(h.count).padStart(5), m(h.gross)])));
  if (busy.length === 0) out.push('  none');
  out.push('', 'By cashier');
  out.push(...rows(t.byCashier.map((c) => [c.name, String(c.count).padStart(5), m(c.gross)])));
  if (t.byCashier.length === 0) out.push('  none');
  out.push('', 'Wallet payments');
  const s = t.status;
  out.push(
    ...rows([
      ['Settled', String(s.settled.count), m(s.settled.amount)],
      ['Unknown / pending', String(s.pending.count), m(s.pending.amount)],
      ['Needs attention', String(s.needsAttention.count), m(s.needsAttention.amount)],
      ['Not paid (failed, cancelled, expired)', String(s.notPaid.count), m(s.notPaid.amount)],
    ]),
  );
  if (t.unsettled.length > 0) {
    out.push('', 'Not settled yet — each needs to resolve before the day can close:');
    for (const a of t.unsettled) {
      const what = a.bucket === 'needsAttention' ? 'NEEDS ATTENTION' : a.state;
      out.push(`  ${a.attemptId}  ${what}  ${m(a.amount)}  code ${a.codeMasked ?? '—'}  sale ${a.invoiceNo ?? a.saleId}  ${a.createdAt}${a.resultCode ? `  ${a.resultCode}` : ''}`);
    }
  }
  if (t.pendingRefunds.length > 0) {
    out.push('', 'Refunds on their way to the acquirer:');
    for (const r of t.pendingRefunds) out.push(`  ${r.refundId}  ${r.state}  ${m(r.amount)}  payment ${r.attemptId}  ${r.createdAt}`);
  }
  return `${out.join('\n')}\n`;
}

export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV for a spreadsheet: section, item, count, amount (AED decimal), amount in fils. Cells that
 * a spreadsheet would run as a formula are quoted, so a cashier name cannot become one.
 */
export function takingsCsv(t: Takings): string {
  const lines: (string | number)[][] = [['section', 'item', 'count', 'amount_aed', 'amount_fils']];
  const row = (section: string, item: string, count: number | '', amount: Money) => lines.push([section, item, count, toDecimalString(amount), amount.minor]);
  row('period', `${t.from}..${t.to}`, '', { minor: 0, currency: 'AED' });
  row('total', 'gross sales', t.sales.count, t.sales.gross);
  row('total', 'refunds', t.refunds.count, t.refunds.total);
  row('total', 'net', '', t.net);
  row('total', 'average ticket', '', t.sales.averageTicket);
  row('vat', 'collected', '', t.vat.collected);
  row('vat', 'refunded', '', t.vat.refunded);
  row('vat', 'net', '', t.vat.net);
  for (const x of t.byTender) {
    row('tender sales', x.label, x.count, x.sales);
    row('tender refunds', x.label, x.refundCount, x.refunds);
    row('tender net', x.label, '', x.net);
  }
  for (const h of t.byHour) row('hour', `${String(h.hour).padStart(2, '0')}:00`, h.count, h.gross);
  for (const c of t.byCashier) row('cashier', c.name, c.count, c.gross);
  row('wallet status', 'settled', t.status.settled.count, t.status.settled.amount);
  row('wallet status', 'unknown or pending', t.status.pending.count, t.status.pending.amount);
  row('wallet status', 'needs attention', t.status.needsAttention.count, t.status.needsAttention.amount);
  row('wallet status', 'not paid', t.status.notPaid.count, t.status.notPaid.amount);
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
