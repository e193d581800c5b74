// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { CustomerDisplay } from '../../renderer/customer/CustomerDisplay.tsx';
import { indicativeCny } from '../../renderer/i18n/i18n.ts';
import type { SaleView } from '../../app/api/views.ts';
import { realCoreEachTest } from './support.ts';

const env = realCoreEachTest();

describe('customer display', () => {
  it('shows the bilingual welcome between sales, then follows the cashier’s sale live with an indicative CNY', async () => {
    render(<CustomerDisplay transport={env.transport} />);
    await waitFor(() => expect(screen.getByTestId('customer-display').getAttribute('data-idle')).toBe('yes'));
    expect(screen.getByTestId('customer-display').textContent).toContain('欢迎光临');
    expect(screen.getByTestId('customer-display').textContent).toContain('测试环境');

    const opened = await env.core.service.call('sale.open', {});
    const sale = (opened as { ok: true; value: SaleView }).value;
    await env.core.service.call('sale.addKeyed', { saleId: sale.id, amountMinor: 10_000 });
    await waitFor(() => expect(screen.getByTestId('customer-amount').textContent).toContain('100.00'));
    // 100 AED at the default indicative 1.94 CNY per AED.
    expect(screen.getByTestId('customer-cny').textContent).toContain('194.00');
    expect(screen.getByTestId('customer-display').textContent).toContain('仅供参考');
  });

  it('converts to indicative CNY with integer arithmetic, rounding half up to the fen', () => {
    expect(indicativeCny({ minor: 1250, currency: 'AED' }, '1.94')).toEqual({ minor: 2425, currency: 'CNY' });
    expect(indicativeCny({ minor: 1, currency: 'AED' }, '1.945')).toEqual({ minor: 2, currency: 'CNY' });
    expect(indicativeCny({ minor: 99_999_999, currency: 'AED' }, '1.943211')).toEqual({ minor: 194_321_098, currency: 'CNY' });
  });
});
