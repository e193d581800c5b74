import { z } from 'zod';
import { call } from './call.ts';
import { SaleId } from './common.ts';
import type { ReceiptView } from './views.ts';

export const receiptApi = {
  'receipt.get': call<ReceiptView>()(z.object({ saleId: SaleId }).strict()),
  /**
   * Prints through the shell when it can (Electron: webContents.print, silent to the default
   * printer when configured). `printed: false` tells the page to use the browser's own print.
   */
  'receipt.print': call<{ printed: boolean }>()(z.object({ saleId: SaleId }).strict()),
} as const;
