// A print document (app/printing/layout.ts) as the printer's own command bytes, by the maintained
// encoder (@point-of-sale/receipt-printer-encoder): ESC/POS, or Star's StarPRNT / Star Line.
// Arabic and Chinese lines arrive as text and leave as raster images (raster.ts).
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrintDoc } from '../../app/printing/layout.ts';
import type { PrinterSettings } from '../../app/api/printer.ts';
import { assertNever } from '../../app/domain/never.ts';
import { rasterText } from './raster.ts';

function encoderFor(settings: Pick<PrinterSettings, 'language'>, columns: number): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({
    language: settings.language,
    columns,
    imageMode: 'raster',
    newline: '\n',
    // Images come to it as pixels already (raster.ts); it needs no canvas of its own.
    createCanvas: null,
    feedBeforeCut: 4,
  });
}

export function encodeDoc(doc: PrintDoc, settings: Pick<PrinterSettings, 'language' | 'codepage'>): Uint8Array {
  const e = encoderFor(settings, doc.columns).initialize().codepage(settings.codepage);
  for (const line of doc.lines) {
    switch (line.kind) {
      case 'text':
        e.align(line.align).bold(line.bold ?? false);
        if (line.big) e.width(2).height(2);
        e.line(line.text);
        if (line.big) e.width(1).height(1);
        e.bold(false);
        break;
      case 'image': {
        const r = rasterText(line.text, { dots: doc.dots, align: line.align, big: line.big });
        e.align('left').image(r as unknown as ImageData, r.width, r.height, 'threshold', 128);
        break;
      }
      case 'rule':
        e.align('left').line('-'.repeat(doc.columns));
        break;
      case 'code':
        e.align('center');
        if (line.symbology === 'qr') e.qrcode(line.value, { model: 2, size: doc.paperWidth === 58 ? 5 : 6, errorlevel: 'm' });
        else e.barcode(line.value, line.symbology, { height: 80, text: 'below' });
        e.align('left');
        break;
      case 'feed':
        e.newline(line.lines);
        break;
      default:
        assertNever(line, 'print line');
    }
  }
  if (doc.cut) e.cut('partial');
  return e.encode();
}

/** The drawer kick alone: ESC p (ESC/POS) or the Star equivalent, on pin 2 or 5. */
export function encodeDrawerKick(settings: Pick<PrinterSettings, 'language' | 'drawerPin'>): Uint8Array {
  // ESC p m t1 t2: m 0 = pin 2, 1 = pin 5; pulse 100 ms on, 500 ms off (Epson's recommended 50/250 × 2 ms).
  return encoderFor(settings, 32).pulse(settings.drawerPin === 2 ? 0 : 1, 100, 500).encode();
}
