// What a line's price override and discount say on the screen and the receipt: "was AED 200.00 ·
// discount 10 % (AED 15.00)". Empty when the line is sold at the price it was rung up at.
import type { SaleLineView } from '../../app/api/contract.ts';
import { money, translate, type Lang } from '../i18n/i18n.ts';

export function lineAdjustmentWords(line: SaleLineView, lang: Lang): string {
  const parts: string[] = [];
  if (line.listUnitPrice) parts.push(translate(lang, 'lineWas', { price: money(line.listUnitPrice, lang) }));
  if (line.discount) {
    const what = line.discount.kind === 'percent' ? `${(line.discount.value / 100).toString()} % (${money(line.discount.amount, lang)})` : money(line.discount.amount, lang);
    parts.push(translate(lang, 'lineDiscount', { what: `\u2066${what}\u2069` }));
  }
  if (parts.length && line.approvedBy) parts.push(translate(lang, 'lineApproved'));
  return parts.join(' · ');
}
