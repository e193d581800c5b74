// @vitest-environment jsdom
// The manager's "payments needing attention" panel on the real core: a terminal on a temp folder
// with the embedded sandbox acquirer over loopback, stuck payments made with the journal's own
// transitions, and the calls going through the same service the transports wrap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Attention } from '../../../renderer/manager/Attention.tsx';
import type { ApiEvent } from '../../../app/api/events.ts';
import { getSale } from '../../../app/sales/repository.ts';
import { addUser, signIn } from '../../../app/users/users.ts';
import { settleAttempt } from '../../../app/dayclose/attention.ts';
import { stuckPayment } from '../../dayclose/attention-fixture.ts';
import { realCoreEachTest } from '../support.ts';

const env = realCoreEachTest();
let session: string;
let events: ApiEvent[];
let unsubscribe: () => void;
beforeEach(async () => {
  await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  session = (await env.transport.call('manager.signIn', { name: 'Aisha', pin: '4829' })).session;
  events = [];
  unsubscribe = env.core.service.subscribe((e) => events.push(e));
});
afterEach(() => {
  unsubscribe();
});

async function stuck(minor: number, charge: boolean): Promise<{ saleId: string; attemptId: string; code: string }> {
  const { code } = await env.transport.call('sandbox.mintCode', {});
  return { ...(await stuckPayment(env.core.terminal, { minor, code, charge })), code };
}

const rowOf = (attemptId: string) => screen.getAllByTestId('attention-row').find((r) => r.dataset.attemptId === attemptId)!;
const stateOf = (attemptId: string) => env.core.terminal.payments.get(attemptId).state;

describe('payments needing attention (manager screen)', () => {
  it('lists each stuck payment with amount, time, masked code and what went wrong; check again settles one Alipay confirms', async () => {
    const a = await stuck(4_200, true);
    const b = await stuck(1_900, false);
    const onChanged = vi.fn();
    render(<Attention transport={env.transport} session={session} onChanged={onChanged} />);
    await waitFor(() => expect(screen.getAllByTestId('attention-row')).toHaveLength(2), { timeout: 10_000 });
    const row = within(rowOf(a.attemptId));
    expect(row.getByTestId('attention-amount').textContent).toMatch(/42\.00/);
    expect(row.getByTestId('attention-code').textContent).toContain(`${a.code.slice(0, 4)}…${a.code.slice(-4)}`);
    expect(row.getByTestId('attention-time').textContent).toMatch(/Started \S/);
    expect(row.getByTestId('attention-error').textContent).toMatch(/refund undoing this payment was refused/);
    expect(document.body.textContent).not.toContain(a.code);
    expect(document.body.textContent).not.toContain(b.code);

    // Not charged and its code still young: Alipay cannot say yet, so nothing changes.
    fireEvent.click(within(rowOf(b.attemptId)).getByTestId('attention-recheck'));
    await waitFor(() => expect(within(rowOf(b.attemptId)).getByTestId('attention-row-message').textContent).toMatch(/no record of this payment yet/), { timeout: 15_000 });
    expect(stateOf(b.attemptId)).toBe('needs_attention');

    fireEvent.click(row.getByTestId('attention-recheck'));
    await waitFor(() => expect(screen.getByTestId('attention-message').textContent).toMatch(/Alipay confirmed the payment/), { timeout: 15_000 });
    await waitFor(() => expect(screen.getAllByTestId('attention-row')).toHaveLength(1), { timeout: 10_000 });
    expect(stateOf(a.attemptId)).toBe('succeeded');
    expect(getSale(env.core.terminal.db, a.saleId).status).toBe('paid');
    expect(onChanged).toHaveBeenCalled();
    // Both screens hear it: the attempt and its (now paid) sale.
    expect(events).toContainEqual(expect.objectContaining({ type: 'attempt', attempt: expect.objectContaining({ paymentRequestId: a.attemptId, state: 'succeeded' }) }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'sale', sale: expect.objectContaining({ id: a.saleId, status: 'paid' }) }));
  });

  it('marking paid or not paid needs a reason and a confirmation; paid finishes the sale, not paid leaves it owing', async () => {
    const paid = await stuck(6_000, true);
    const unpaid = await stuck(2_500, false);
    const onChanged = vi.fn();
    render(<Attention transport={env.transport} session={session} onChanged={onChanged} />);
    await waitFor(() => expect(screen.getAllByTestId('attention-row')).toHaveLength(2), { timeout: 10_000 });

    let row = within(rowOf(paid.attemptId));
    fireEvent.click(row.getByTestId('attention-paid'));
    expect(row.getByTestId('attention-row-message').textContent).toMatch(/reason first/);
    expect(row.queryByTestId('attention-confirm')).toBeNull();
    fireEvent.change(row.getByTestId('attention-reason'), { target: { value: 'Portal shows SUCCESS' } });
    fireEvent.change(row.getByTestId('attention-payment-id'), { target: { value: '20261125X77' } });
    fireEvent.click(row.getByTestId('attention-paid'));
    expect(row.getByTestId('attention-confirm').textContent).toMatch(/Mark AED\s*60\.00 as paid\?/);
    fireEvent.click(row.getByTestId('attention-confirm-no'));
    expect(row.queryByTestId('attention-confirm')).toBeNull();
    expect(stateOf(paid.attemptId)).toBe('needs_attention');
    fireEvent.click(row.getByTestId('attention-paid'));
    fireEvent.click(row.getByTestId('attention-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('attention-message').textContent).toMatch(/Marked paid.*The sale is paid/), { timeout: 10_000 });
    await waitFor(() => expect(screen.getAllByTestId('attention-row')).toHaveLength(1), { timeout: 10_000 });
    expect(getSale(env.core.terminal.db, paid.saleId).status).toBe('paid');
    expect(env.core.terminal.payments.get(paid.attemptId)).toMatchObject({ state: 'succeeded', paymentId: '20261125X77' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'sale', sale: expect.objectContaining({ id: paid.saleId, status: 'paid' }) }));

    row = within(rowOf(unpaid.attemptId));
    fireEvent.change(row.getByTestId('attention-reason'), { target: { value: 'Not in the portal' } });
    fireEvent.click(row.getByTestId('attention-not-paid'));
    expect(row.getByTestId('attention-confirm').textContent).toMatch(/as not paid\?/);
    fireEvent.click(row.getByTestId('attention-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('attention-empty')).toBeTruthy(), { timeout: 10_000 });
    expect(screen.getByTestId('attention-message').textContent).toMatch(/Marked not paid/);
    expect(stateOf(unpaid.attemptId)).toBe('failed');
    expect(getSale(env.core.terminal.db, unpaid.saleId)).toMatchObject({ status: 'open', due: { minor: 2_500 } });
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('a payment settled elsewhere meanwhile is refused in words, and the panel speaks Arabic right to left inside an Arabic screen', async () => {
    const p = await stuck(3_000, false);
    render(
      <main lang="ar" dir="rtl">
        <Attention transport={env.transport} session={session} onChanged={() => {}} />
      </main>,
    );
    await waitFor(() => expect(screen.getAllByTestId('attention-row')).toHaveLength(1), { timeout: 10_000 });
    expect(screen.getByTestId('manager-attention').getAttribute('dir')).toBe('rtl');
    expect(screen.getByRole('heading').textContent).toBe('مدفوعات تحتاج إلى متابعة');
    // The terminal's English detail stays, isolated left to right beside the Arabic words.
    const why = within(rowOf(p.attemptId)).getByTestId('attention-error');
    expect(why.textContent).toMatch(/^ما حدث: لم يتمكن الجهاز من حسم هذا الدفع بنفسه\./);
    expect(why.querySelector('bdi[dir="ltr"]')!.textContent).toMatch(/refund undoing this payment was refused/);
    // Another manager marks it first, from the CLI (another process: no event reaches this screen).
    settleAttempt(env.core.terminal.db, await signIn(env.core.terminal.db, { name: 'Aisha', pin: '4829' }), { attemptId: p.attemptId, outcome: 'failed', reason: 'Not in the portal' });
    const row = within(rowOf(p.attemptId));
    fireEvent.change(row.getByTestId('attention-reason'), { target: { value: 'Portal shows SUCCESS' } });
    fireEvent.click(row.getByTestId('attention-paid'));
    expect(row.getByTestId('attention-confirm').textContent).toMatch(/تحديد .* كمدفوع؟/);
    fireEvent.click(row.getByTestId('attention-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('attention-message').textContent).toMatch(/^حُسمت هذه الدفعة من قبل: لم يتغير شيء\. \(Payment .* is failed, not waiting for a manager: nothing was changed\.\)$/), { timeout: 10_000 });
    await waitFor(() => expect(screen.queryAllByTestId('attention-row')).toHaveLength(0), { timeout: 10_000 });
    expect(stateOf(p.attemptId)).toBe('failed');
    expect(getSale(env.core.terminal.db, p.saleId).status).toBe('open');
  });
});
