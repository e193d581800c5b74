// "No English left": the Latin words a person would read on a screen, outside the places where
// Latin is the content itself (<bdi> and <code>: paths, codes, hex, names; lang="en": the bilingual
// invoice title). Brand and standard names stay Latin in Arabic too.
const ALLOWED = new Set(['Alipay', 'SANDBOX', 'AED', 'TRN', 'MCC', 'Antom', 'PEM', 'POS', 'ENG', 'CR', 'LF', 'RTS', 'CTS', 'XON', 'XOFF', 'Tab', 'QR']);

export function latinWords(root: Element): string[] {
  const found: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest('bdi, code, script, style, :not(html)[lang="en"]')) continue;
    for (const word of node.textContent?.match(/[A-Za-z]{2,}/g) ?? []) if (!ALLOWED.has(word)) found.push(word);
  }
  return found;
}
