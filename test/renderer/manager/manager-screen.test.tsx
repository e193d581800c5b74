// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser, type Actor } from '../../../app/users/users.ts';
import { businessDay, businessDayBounds } from '../../../app/domain/time.ts';
import { insertAttempt, ringUp } from '../../reports/fixture.ts';
import { realCoreEachTest, typeInto } from '../support.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi } from '../../../app/handlers/index.ts';
import { ipcTransport } from '../../../renderer/api/transport.ts';
import { money } from '../../../app/domain/money.ts';
import { addKeyedLine, createSale } from '../../../app/sales/repository.ts';
import { sandboxCredentials } from '../../../app/sandbox/embedded.ts';
import { startSandbox } from '../../../app/sandbox/server.ts';
import { dataPaths } from '../../../app/settings/paths.ts';
import { TerminalConfig } from '../../../app/settings/schema.ts';
import { dayReportText, getZReport, xReport } from '../../../app/dayclose/close.ts';
import { latinWords } from '../installer/latin.ts';

const env = realCoreEachTest();
let aisha: Actor;
beforeEach(async () => {
  const m = await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  aisha = { id: m.id, name: m.name, role: m.role };
});


/** Find → tender → amount (all that is left unless given) → Refund… → the question → yes. */
async function refundThrough(kind: 'wallet' | 'cash' | 'card', amount?: string): Promise<string> {
  fireEvent.click(screen.getByTestId(`refund-tender-${kind}`));
  if (amount !== undefined) typeInto('refund-amount', amount);
  fireEvent.click(screen.getByTestId('refund-submit'));
  const question = (await waitFor(() => screen.getByTestId('refund-confirm-ask'), { timeout: 10_000 })).textContent!;
  fireEvent.click(screen.getByTestId('refund-confirm'));
  return question;
}

describe('manager screen', () => {
  it('a wrong PIN is refused in words; the manager signs in, reads the day, refunds part of a sale and closes the day', async () => {
    ringUp(env.core.terminal.db, { totalMinor: 15_000, at: new Date(Date.now() - 60_000), tender: 'cash', terminalId: env.core.terminal.config.terminalId });
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '1357');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('manager-error').textContent).toMatch(/4 tries left/), { timeout: 10_000 });
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('takings-gross').textContent).toMatch(/150\.00/), { timeout: 10_000 });
    expect(screen.getByTestId('manager-hourly').textContent).toMatch(/Takings by hour/);

    typeInto('refund-invoice', '1');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => screen.getByTestId('refund-sale'), { timeout: 10_000 });
    expect(await refundThrough('cash', '20.00')).toMatch(/Give AED\s*20\.00 of invoice 1 back in cash from the drawer\?/);
    await waitFor(() => expect(screen.getByTestId('refund-message').textContent).toMatch(/Give back from the drawer: AED\s*20\.00/), { timeout: 10_000 });
    await waitFor(() => expect(screen.getByTestId('takings-net').textContent).toMatch(/130\.00/), { timeout: 10_000 });

    typeInto('close-counted', '130.00');
    fireEvent.click(screen.getByTestId('close-z'));
    // Asked first, naming the difference; nothing is closed until the manager says yes.
    await waitFor(() => expect(screen.getByTestId('close-confirm-difference').textContent).toBe('The drawer is exact.'), { timeout: 10_000 });
    expect(screen.getByTestId('close-confirm').textContent).toMatch(/Take Z report 1\? Expected in the drawer AED\s*130\.00, counted AED\s*130\.00/);
    fireEvent.click(screen.getByTestId('close-z-confirm'));
    await waitFor(() => expect(screen.getByTestId('close-slip').textContent).toMatch(/Z REPORT 1 — terminal .*\n.*\nTaken by Aisha at .* \(Dubai\)/), { timeout: 10_000 });
    expect(screen.getByTestId('close-slip').textContent).toMatch(/Difference\s+AED\s*0\.00/);
  });
});

async function signIn(): Promise<void> {
  render(<ManagerApp transport={env.transport} />);
  typeInto('manager-name', 'Aisha');
  typeInto('manager-pin', '4829');
  fireEvent.click(screen.getByTestId('manager-signin-submit'));
  await waitFor(() => screen.getByTestId('takings-gross'), { timeout: 10_000 });
}

const HOUR = 3_600_000;
/** A minute into today in Dubai: a sale put there is on today's takings whenever the test runs. */
const earlyToday = () => new Date(businessDayBounds(businessDay(new Date())).start.getTime() + 60_000);

describe('manager screen: takings of another day, a range, and the CSV', () => {
  it('choosing yesterday shows its takings by cashier, a range adds both days, and Download CSV saves the same figures as a file', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const omar = await addUser(db, { name: 'Omar', role: 'cashier', pin: '2468', by: aisha });
    const now = Date.now();
    // Away from midnight in Dubai, so each sale stays on its day whenever the test runs.
    const todayStarts = businessDayBounds(businessDay(new Date(now))).start.getTime();
    const yesterday = new Date(todayStarts - 12 * HOUR);
    ringUp(db, { totalMinor: 4_200, at: yesterday, tender: 'cash', cashierId: omar.id, terminalId });
    ringUp(db, { totalMinor: 1_050, at: new Date(yesterday.getTime() + 60_000), tender: 'card', cashierId: omar.id, terminalId });
    ringUp(db, { totalMinor: 10_000, at: new Date(todayStarts + 60_000), tender: 'cash', terminalId });
    await signIn();
    await waitFor(() => expect(screen.getByTestId('takings-gross').getAttribute('data-minor')).toBe('10000'), { timeout: 10_000 });

    const day = businessDay(yesterday);
    typeInto('takings-date', day);
    await waitFor(() => expect(screen.getByTestId('takings-gross').getAttribute('data-minor')).toBe('5250'), { timeout: 10_000 });
    expect(screen.getByTestId('manager-takings').getAttribute('data-from')).toBe(day);
    expect(screen.getByTestId('takings-count').getAttribute('data-count')).toBe('2');
    expect(screen.getByTestId('takings-average').textContent).toMatch(/AED\s*26\.25/);
    const cashiers = within(screen.getByTestId('takings-cashiers')).getAllByTestId('takings-cashier');
    expect(cashiers).toHaveLength(1);
    expect(cashiers[0]!.textContent).toContain('Omar');
    expect(cashiers[0]!.getAttribute('data-gross-minor')).toBe('5250');
    // VAT is inside the prices (5 %): 5250 × 5/105 = 250 fils.
    expect(screen.getByTestId('takings-vat').getAttribute('data-minor')).toBe('250');
    // The close does not follow the chosen day: a Z takes everything since the previous one.
    expect(screen.getByTestId('close-period').getAttribute('data-next')).toBe('1');

    typeInto('takings-from', day);
    typeInto('takings-to', businessDay(new Date(now)));
    fireEvent.click(screen.getByTestId('takings-range'));
    await waitFor(() => expect(screen.getByTestId('takings-gross').getAttribute('data-minor')).toBe('15250'), { timeout: 10_000 });

    // jsdom has no object URLs nor downloads: the page's own Blob and <a download> are caught
    // where the browser would take them over.
    const blobs: Blob[] = [];
    const saved: { name: string; href: string }[] = [];
    const createObjectURL = (URL as { createObjectURL?: unknown }).createObjectURL;
    const revokeObjectURL = (URL as { revokeObjectURL?: unknown }).revokeObjectURL;
    Object.assign(URL, { createObjectURL: (b: Blob) => `blob:souq/${blobs.push(b)}`, revokeObjectURL: () => {} });
    const catchDownload = (e: MouseEvent) => {
      const a = e.target as HTMLAnchorElement;
      if (a.tagName === 'A' && a.download) {
        e.preventDefault();
        saved.push({ name: a.download, href: a.href });
      }
    };
    document.addEventListener('click', catchDownload, true);
    try {
      fireEvent.click(screen.getByTestId('takings-csv'));
      await waitFor(() => expect(saved).toHaveLength(1), { timeout: 10_000 });
    } finally {
      document.removeEventListener('click', catchDownload, true);
      Object.assign(URL, { createObjectURL, revokeObjectURL });
    }
    expect(saved[0]!.name).toBe(`takings-${day}-to-${businessDay(new Date(now))}.csv`);
    expect(saved[0]!.href).toBe('blob:souq/1');
    const csv = await blobs[0]!.text();
    expect(csv.split('\r\n')[0]).toBe('section,item,count,amount_aed,amount_fils');
    expect(csv).toContain('total,gross sales,3,152.50,15250');
    expect(csv).toContain('cashier,Omar,2,52.50,5250');
    expect(screen.getByTestId('takings-csv-message').textContent).toContain(saved[0]!.name);
  });

  it('in Arabic the new controls read in Arabic, amounts keep Western digits, a refusal reads in Arabic with the terminal\'s sentence isolated, and the payments needing attention follow the takings', async () => {
    ringUp(env.core.terminal.db, { totalMinor: 2_500, at: earlyToday(), tender: 'cash', terminalId: env.core.terminal.config.terminalId });
    await signIn();
    fireEvent.click(screen.getByTestId('manager-language'));
    expect(screen.getByTestId('manager').getAttribute('dir')).toBe('rtl');
    expect(screen.getByTestId('takings-csv').textContent).toBe('تنزيل CSV');
    expect(screen.getByTestId('refund-find-by-amount').textContent).toBe('بحث بالمبلغ');
    expect(screen.getByTestId('takings-cashiers').textContent).toContain('حسب الكاشير');
    // A sale rung up with nobody signed in is under words of the screen's language, not the core's English.
    expect(screen.getByTestId('takings-cashiers').textContent).toContain('لم يسجّل أي كاشير الدخول');
    expect(screen.getByTestId('takings-cashiers').textContent).not.toContain('No cashier');
    expect(screen.getByTestId('takings-tender-cash').textContent).toContain('نقدًا');
    expect(screen.getByTestId('takings-average').querySelector('bdi')!.textContent).toMatch(/25\.00/);
    // A refusal reads in Arabic; the terminal's own English sentence stays beside it, isolated.
    typeInto('refund-invoice', 'abc');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => expect(screen.getByTestId('refund-message').getAttribute('data-code')).toBe('INVALID_INPUT'), { timeout: 10_000 });
    const said = screen.getByTestId('refund-message').cloneNode(true) as HTMLElement;
    expect(said.querySelector('bdi[dir="ltr"]')!.textContent).toMatch(/That is not a receipt code/);
    for (const b of said.querySelectorAll('bdi')) b.remove();
    expect(said.textContent).toContain('هذا الإدخال غير مقبول');
    expect(said.textContent).not.toMatch(/[A-Za-z]/);
    // The payments needing attention sit under the takings, in the screen's language.
    const attention = await waitFor(() => screen.getByTestId('manager-attention'));
    expect(attention.getAttribute('dir')).toBe('rtl');
    expect(screen.getByTestId('manager-takings').compareDocumentPosition(attention) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});

describe('manager screen: finding a sale by amount and time, voids and refunds', () => {
  it('two sales of the same amount are listed and one is chosen; the card refund (amount left blank) is recorded in full; an unpaid sale is voided only after confirming', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const now = Date.now();
    ringUp(db, { totalMinor: 5_500, at: new Date(now - 20 * 60_000), tender: 'card', terminalId });
    const near = ringUp(db, { totalMinor: 5_500, at: new Date(now - 5 * 60_000), tender: 'card', terminalId });
    ringUp(db, { totalMinor: 5_500, at: new Date(now - 3 * HOUR), tender: 'card', terminalId });
    const open = ringUp(db, { totalMinor: 1_200, at: new Date(now - 2 * 60_000), tender: 'open', terminalId });
    await signIn();

    typeInto('refund-find-amount', '55.00');
    typeInto('refund-find-within', '60');
    fireEvent.click(screen.getByTestId('refund-find-by-amount'));
    await waitFor(() => expect(screen.getAllByTestId('refund-result')).toHaveLength(2), { timeout: 10_000 });
    // Nearest first: the one paid five minutes ago.
    const rows = screen.getAllByTestId('refund-result');
    expect(rows[0]!.getAttribute('data-sale-id')).toBe(near.saleId);
    expect(screen.queryByTestId('refund-sale')).toBeNull();
    fireEvent.click(rows[0]!);
    await waitFor(() => expect(screen.getByTestId('refund-sale').getAttribute('data-sale-id')).toBe(near.saleId));
    const tender = screen.getByTestId('refund-tender');
    expect(tender.getAttribute('data-kind')).toBe('card');
    expect(tender.textContent).toMatch(/AED\s*55\.00/);
    // Full by default: the amount field holds all that is left.
    fireEvent.click(screen.getByTestId('refund-tender-card'));
    expect((screen.getByTestId('refund-amount') as HTMLInputElement).value).toBe('55.00');
    expect(await refundThrough('card')).toMatch(/Refund AED\s*55\.00 of invoice \d+ to the customer’s card\? Key the same amount on the card terminal/);
    await waitFor(() => expect(screen.getByTestId('refund-message').textContent).toMatch(/card terminal .*AED\s*55\.00/), { timeout: 10_000 });
    expect(screen.getByTestId('sale-status').getAttribute('data-status')).toBe('refunded');
    await waitFor(() => expect(screen.getByTestId('refund-tender').getAttribute('data-refundable-minor')).toBe('0'));
    expect((screen.getByTestId('refund-tender-card') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByTestId('takings-refunds').getAttribute('data-minor')).toBe('5500'), { timeout: 10_000 });
    const drawer = db.prepare('SELECT kind, amount_minor FROM manual_refunds WHERE sale_id = ?').all(near.saleId);
    expect(drawer).toEqual([{ kind: 'card', amount_minor: 5_500 }]);

    // The unpaid sale: found by amount (it has no invoice number), voided after a second click.
    typeInto('refund-find-amount', '12.00');
    fireEvent.click(screen.getByTestId('refund-find-by-amount'));
    await waitFor(() => expect(screen.getByTestId('refund-sale').getAttribute('data-sale-id')).toBe(open.saleId), { timeout: 10_000 });
    expect(screen.getByTestId('sale-status').getAttribute('data-status')).toBe('open');
    expect(screen.queryByTestId('refund-tender-card')).toBeNull();
    fireEvent.click(screen.getByTestId('sale-void'));
    // Nothing is voided until the manager confirms.
    expect((db.prepare('SELECT status FROM sales WHERE id = ?').get(open.saleId) as { status: string }).status).toBe('open');
    typeInto('sale-void-reason', 'customer walked away');
    fireEvent.click(screen.getByTestId('sale-void-confirm'));
    await waitFor(() => expect(screen.getByTestId('sale-status').getAttribute('data-status')).toBe('voided'), { timeout: 10_000 });
    expect(screen.getByTestId('sale-status').textContent).toMatch(/voided/);
    expect(screen.queryByTestId('sale-void')).toBeNull();
    const ev = db.prepare("SELECT actor, data FROM events WHERE type = 'sale.voided' AND subject = ?").get(open.saleId) as { actor: string; data: string };
    expect(ev.data).toContain('customer walked away');
  });

  it('a typed code that is not a receipt is refused in words, an invoice number in Arabic digits is found; a wallet refund beyond what is left is refused with the amount left; a queued one shows that it waits to be sent', async () => {
    const db = env.core.terminal.db;
    ringUp(db, { totalMinor: 3_000, at: new Date(Date.now() - 60_000), tender: 'wallet', terminalId: env.core.terminal.config.terminalId });
    await signIn();
    typeInto('refund-invoice', 'abc');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => expect(screen.getByTestId('refund-message').textContent).toMatch(/That is not a receipt code/), { timeout: 10_000 });
    // The invoice number typed in Arabic-Indic digits.
    typeInto('refund-invoice', '١');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => screen.getByTestId('refund-tender-wallet'), { timeout: 10_000 });
    expect(screen.queryByTestId('refund-message')).toBeNull();
    fireEvent.click(screen.getByTestId('refund-tender-wallet'));
    typeInto('refund-amount', '40.00');
    fireEvent.click(screen.getByTestId('refund-submit'));
    await waitFor(() => expect(screen.getByTestId('refund-message').getAttribute('data-code')).toBe('REFUND_AMOUNT_EXCEED'), { timeout: 10_000 });
    expect(screen.queryByTestId('refund-confirm')).toBeNull();
    expect(screen.getByTestId('refund-message').textContent).toMatch(/more than is left to refund on this payment\. The most you can refund now is AED\s*30\.00/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM refunds').get()).toEqual({ n: 0 });

    // The engine is stopped in these tests: the refund stays queued, and the screen says so.
    expect(await refundThrough('wallet')).toMatch(/Refund AED\s*30\.00 of invoice 1 to the customer’s Alipay wallet\?/);
    await waitFor(() => expect(screen.getByTestId('refund-state').getAttribute('data-state')).toBe('created'), { timeout: 10_000 });
    expect(screen.getByTestId('refund-state').textContent).toMatch(/Refund AED\s*30\.00: queued, waiting to be sent/);
    await waitFor(() => expect(screen.getByTestId('refund-tender-wallet').textContent).toMatch(/left AED\s*0\.00/), { timeout: 10_000 });
  });
});

describe('manager screen: the day close against the sandbox acquirer', () => {
  it('a close refused for an unsettled payment lists it; the Z then lists the payment the acquirer never took, and its reprint from the list is the same slip', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const at = earlyToday();
    ringUp(db, { totalMinor: 2_000, at, tender: 'cash', terminalId });
    const waiting = ringUp(db, { totalMinor: 900, at, tender: 'open', terminalId });
    const unknown = insertAttempt(db, { saleId: waiting.saleId, amountMinor: 900, state: 'unknown', at, code: '281199998888777766' });
    // Recorded as paid by the till, but the sandbox acquirer never saw it.
    const ghost = ringUp(db, { totalMinor: 1_500, at, tender: 'wallet', terminalId }).walletAttempt!;
    await signIn();

    typeInto('close-counted', '20.00');
    fireEvent.click(screen.getByTestId('close-z'));
    await waitFor(() => expect(screen.getByTestId('close-error').getAttribute('data-code')).toBe('DAY_HAS_PENDING'), { timeout: 10_000 });
    expect(screen.getByTestId('close-error').textContent).toMatch(/cannot be taken yet: a payment of AED\s*9\.00 at \d\d:\d\d is still being checked with Alipay — wait or settle it in Attention/);
    expect(screen.getByTestId('close-error').textContent).not.toMatch(/pr-|souq/);
    expect(screen.queryByTestId('close-confirm')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('close-pending-row')).toHaveLength(1), { timeout: 10_000 });
    const row = screen.getByTestId('close-pending-row');
    expect(row.getAttribute('data-attempt-id')).toBe(unknown);
    expect(row.textContent).toMatch(/AED\s*9\.00/);
    expect(row.textContent).toContain('2811…7766');
    expect(db.prepare('SELECT COUNT(*) AS n FROM z_reports').get()).toEqual({ n: 0 });

    // The terminal settles it (the acquirer says it failed); the close goes through.
    db.prepare("UPDATE attempts SET state = 'failed', updated_at = ? WHERE id = ?").run(new Date().toISOString(), unknown);
    fireEvent.click(screen.getByTestId('close-z'));
    await waitFor(() => screen.getByTestId('close-z-confirm'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('close-z-confirm'));
    await waitFor(() => expect(screen.getByTestId('z-number').textContent).toBe('1'), { timeout: 30_000 });
    expect(screen.queryByTestId('close-pending')).toBeNull();
    const rec = screen.getByTestId('z-reconciliation');
    expect(rec.getAttribute('data-checked')).toBe('2');
    expect(rec.getAttribute('data-confirmed')).toBe('1');
    expect(rec.textContent).toMatch(/1 of 2 wallet payments confirmed/);
    expect(screen.getByTestId('z-mismatches').getAttribute('data-count')).toBe('1');
    const mismatch = screen.getByTestId('z-mismatch');
    expect(mismatch.getAttribute('data-attempt-id')).toBe(ghost);
    expect(mismatch.textContent).toContain('ORDER_NOT_EXIST');
    expect(mismatch.textContent).toMatch(/till recorded AED\s*15\.00 paid, but the acquirer says ORDER_NOT_EXIST/);
    const slip = screen.getByTestId('close-slip').textContent!;
    expect(slip).toMatch(/Z REPORT 1 — terminal/);
    expect(slip).toMatch(/Taken by Aisha/);
    expect(slip).toContain(`MISMATCH ${ghost}`);

    // The list of Z reports; an X report replaces the slip, and the reprint brings back the same Z.
    await waitFor(() => expect(screen.getAllByTestId('z-row')).toHaveLength(1), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('close-x'));
    await waitFor(() => expect(screen.getByTestId('close-slip').textContent).toMatch(/^X REPORT/), { timeout: 10_000 });
    fireEvent.click(within(screen.getByTestId('z-list')).getByTestId('z-reprint'));
    await waitFor(() => expect(screen.getByTestId('close-slip').textContent).toBe(slip), { timeout: 10_000 });
    expect(screen.getByTestId('z-mismatch').getAttribute('data-attempt-id')).toBe(ghost);
  });
});

describe('manager screen: a wallet refund while the acquirer is unreachable', () => {
  it('says the refund waits because the acquirer cannot be reached; the day closes only when told to go on without confirming the payment; the refund shows refunded once the link returns', async () => {
    // Its own core: the engine running against a sandbox acquirer this test can stop and start.
    const dir = mkdtempSync(join(tmpdir(), 'souq-manager-offline-'));
    const sandboxDir = dataPaths(dir).sandboxDir;
    let sandbox = await startSandbox({ dir: sandboxDir, port: 0 });
    const port = sandbox.port;
    const creds = sandboxCredentials(dir);
    const config = TerminalConfig.parse({
      acquirer: { endpoint: sandbox.url, clientId: creds.clientId, merchantPrivateKey: creds.merchantPrivateKey, acquirerPublicKey: creds.acquirerPublicKey, timeoutMs: 2_000 },
      payment: { inquiryIntervalMs: 200, inquiryMaxTries: 3 },
    });
    const core = await openApi({ dataDir: dir, config, startEngine: true, engine: { linkProbeMs: 100, outageRetryMs: 200 }, log: () => {} });
    let up = true;
    try {
      const db = core.terminal.db;
      const m = await addUser(db, { name: 'Layla', role: 'manager', pin: '5173' });
      expect(m.role).toBe('manager');
      const saleId = createSale(db, { terminalId: config.terminalId, now: new Date() });
      addKeyedLine(db, saleId, money(6_000), 'Keyed');
      const a = core.terminal.payments.startWithCode({ saleId, code: sandbox.mintCode().code });
      await expect.poll(() => core.terminal.payments.get(a.paymentRequestId).state, { timeout: 20_000, interval: 50 }).toBe('succeeded');

      await sandbox.close();
      up = false;
      await expect.poll(() => core.terminal.engine.linkStatus().online, { timeout: 20_000, interval: 50 }).toBe(false);

      const transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
      render(<ManagerApp transport={transport} />);
      typeInto('manager-name', 'Layla');
      typeInto('manager-pin', '5173');
      fireEvent.click(screen.getByTestId('manager-signin-submit'));
      await waitFor(() => screen.getByTestId('takings-gross'), { timeout: 10_000 });
      typeInto('refund-invoice', '1');
      fireEvent.click(screen.getByTestId('refund-find'));
      await waitFor(() => screen.getByTestId('refund-tender-wallet'), { timeout: 10_000 });
      await refundThrough('wallet', '25.00');
      await waitFor(() => expect(screen.getByTestId('refund-offline').textContent).toMatch(/cannot be reached now: the refund waits in the queue/), { timeout: 20_000 });
      expect(['created', 'sent', 'refund_unknown']).toContain(screen.getByTestId('refund-state').getAttribute('data-state'));

      // Closing the day now: the payment cannot be confirmed, so the close is refused in words,
      // and the manager may close without confirming it; the Z then names it.
      typeInto('close-counted', '0');
      fireEvent.click(screen.getByTestId('close-z'));
      await waitFor(() => screen.getByTestId('close-z-confirm'), { timeout: 10_000 });
      fireEvent.click(screen.getByTestId('close-z-confirm'));
      await waitFor(() => expect(screen.getByTestId('close-error').getAttribute('data-code')).toBe('ACQUIRER_UNREACHABLE'), { timeout: 30_000 });
      expect(screen.getByTestId('close-error').textContent).toMatch(/Alipay did not answer about 1 of the 1 wallet payments since the last Z/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM z_reports').get()).toEqual({ n: 0 });
      fireEvent.click(screen.getByTestId('close-z-unconfirmed'));
      await waitFor(() => screen.getByTestId('close-z-confirm'), { timeout: 10_000 });
      fireEvent.click(screen.getByTestId('close-z-confirm'));
      await waitFor(() => expect(screen.getByTestId('z-number').textContent).toBe('1'), { timeout: 30_000 });
      expect(screen.getByTestId('z-unconfirmed').textContent).toContain(a.paymentRequestId);
      expect(screen.getByTestId('z-reconciliation').getAttribute('data-confirmed')).toBe('0');

      sandbox = await startSandbox({ dir: sandboxDir, port });
      up = true;
      await waitFor(() => expect(screen.getByTestId('refund-state').getAttribute('data-state')).toBe('refunded'), { timeout: 30_000 });
      expect(screen.getByTestId('refund-state').textContent).toMatch(/Refund AED\s*25\.00: refunded to the wallet/);
      expect(screen.queryByTestId('refund-offline')).toBeNull();
      await waitFor(() => expect(screen.getByTestId('takings-refunds').getAttribute('data-minor')).toBe('2500'), { timeout: 10_000 });
    } finally {
      cleanup();
      await core.close();
      if (up) await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('manager screen: the X and Z slips in Arabic', () => {
  it('in Arabic the X and Z slips read in Arabic right to left with the report\'s own figures, print alone, a reprint from the list is the same slip, and in English the slip is the core\'s text', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const at = earlyToday();
    const omar = await addUser(db, { name: 'Omar', role: 'cashier', pin: '2468', by: aisha });
    ringUp(db, { totalMinor: 2_000, at, tender: 'cash', cashierId: omar.id, terminalId });
    ringUp(db, { totalMinor: 1_050, at, tender: 'card', terminalId });
    const waiting = ringUp(db, { totalMinor: 900, at, tender: 'open', terminalId });
    const unknown = insertAttempt(db, { saleId: waiting.saleId, amountMinor: 900, state: 'unknown', at, code: '281199998888777766' });
    // Paid on the till, never seen by the sandbox acquirer: the Z lists it as a mismatch.
    const ghost = ringUp(db, { totalMinor: 1_500, at, tender: 'wallet', terminalId }).walletAttempt!;
    await signIn();
    fireEvent.click(screen.getByTestId('manager-language'));

    const slipReads = (slip: HTMLElement) => {
      expect(slip.getAttribute('dir')).toBe('rtl');
      expect(latinWords(slip)).toEqual([]);
      // Western digits everywhere, amounts among them.
      expect(slip.textContent).not.toMatch(/[٠-٩]/);
      for (const b of slip.querySelectorAll('bdi')) expect(b.textContent).not.toBe('');
    };
    const field = (slip: HTMLElement, name: string) => slip.querySelector(`[data-field="${name}"]`)!;
    const minor = (slip: HTMLElement, name: string) => Number(field(slip, name).getAttribute('data-minor'));

    fireEvent.click(screen.getByTestId('close-x'));
    await waitFor(() => expect(screen.getByTestId('close-slip').getAttribute('data-kind')).toBe('X'), { timeout: 10_000 });
    const x = xReport(db, { terminalId });
    let slip = screen.getByTestId('close-slip');
    slipReads(slip);
    expect(slip.textContent).toContain('تقرير X (لم يُغلق شيء)');
    expect(field(slip, 'period').getAttribute('data-from')).toBe(x.from);
    expect(minor(slip, 'gross')).toBe(x.takings.sales.gross.minor);
    expect(minor(slip, 'net')).toBe(x.takings.net.minor);
    expect(minor(slip, 'expected')).toBe(x.expectedCash.minor);
    expect(field(slip, 'expected').querySelector('bdi')!.textContent).toMatch(/20\.00/);
    const tenders = [...slip.querySelectorAll('[data-field="tender"]')].map((r) => [r.getAttribute('data-tender'), Number(r.getAttribute('data-minor'))]);
    expect(tenders).toEqual(x.takings.byTender.map((t) => [t.tender, t.net.minor]));
    expect(slip.textContent).toContain('بطاقة (جهاز خارجي)');
    // The wallet by its brand, not the acquirer's code.
    expect(slip.textContent).toContain('Alipay');
    expect(slip.textContent).not.toContain('ALIPAY_CN');
    const cashiers = [...slip.querySelectorAll('[data-field="cashier"]')].map((r) => [r.querySelector('th')!.textContent, Number(r.getAttribute('data-minor'))]);
    expect(cashiers).toEqual(expect.arrayContaining([['Omar', 2_000], ['لم يسجّل أي كاشير الدخول', 2_550]]));
    expect(field(slip, 'unsettled').getAttribute('data-attempt-id')).toBe(unknown);
    expect(field(slip, 'unsettled').textContent).toContain('2811…7766');
    expect(field(slip, 'cannot-close').textContent).toContain('لا يمكن إصدار تقرير Z بعد');

    // "Print this slip": the translated slip is what the print rules keep on paper.
    const print = window.print;
    let printed = 0;
    window.print = () => {
      printed++;
      expect(document.documentElement.classList.contains('manager-print-slip')).toBe(true);
    };
    try {
      fireEvent.click(screen.getByTestId('slip-print'));
    } finally {
      window.print = print;
      window.dispatchEvent(new Event('afterprint'));
    }
    expect(printed).toBe(1);
    expect(slip.classList.contains('manager-slip')).toBe(true);
    expect(slip.parentElement!.classList.contains('manager-close')).toBe(true);

    db.prepare("UPDATE attempts SET state = 'failed', updated_at = ? WHERE id = ?").run(new Date().toISOString(), unknown);
    typeInto('close-counted', '25.00');
    fireEvent.click(screen.getByTestId('close-z'));
    await waitFor(() => expect(screen.getByTestId('close-confirm-difference').textContent).toMatch(/في الدرج زيادة/), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('close-z-confirm'));
    await waitFor(() => expect(screen.getByTestId('close-slip').getAttribute('data-kind')).toBe('Z'), { timeout: 30_000 });
    const z = getZReport(db, terminalId, 1);
    slip = screen.getByTestId('close-slip');
    slipReads(slip);
    expect(slip.getAttribute('data-number')).toBe('1');
    expect(slip.textContent).toContain('تقرير Z رقم 1');
    expect(slip.textContent).toMatch(/بواسطة Aisha/);
    expect(minor(slip, 'gross')).toBe(z.takings.sales.gross.minor);
    expect(minor(slip, 'expected')).toBe(z.expectedCash.minor);
    expect(minor(slip, 'counted')).toBe(2_500);
    expect(minor(slip, 'difference')).toBe(z.difference.minor);
    expect(z.difference.minor).toBe(500);
    expect(field(slip, 'difference').textContent).toContain('زيادة في النقد');
    expect(field(slip, 'acquirer-check').getAttribute('data-checked')).toBe(String(z.reconciliation.checked));
    expect(field(slip, 'acquirer-check').getAttribute('data-confirmed')).toBe(String(z.reconciliation.confirmed));
    expect(field(slip, 'mismatch').getAttribute('data-attempt-id')).toBe(ghost);
    expect(field(slip, 'mismatch').textContent).toMatch(/سجّل الصندوق .*15\.00.* مدفوعًا، لكن مزود الدفع يقول ORDER_NOT_EXIST/);
    const zSlip = slip.innerHTML;

    // An X report replaces it; the reprint from the list brings back the very same slip.
    await waitFor(() => expect(screen.getAllByTestId('z-row')).toHaveLength(1), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('close-x'));
    await waitFor(() => expect(screen.getByTestId('close-slip').getAttribute('data-kind')).toBe('X'), { timeout: 10_000 });
    fireEvent.click(within(screen.getByTestId('z-list')).getByTestId('z-reprint'));
    await waitFor(() => expect(screen.getByTestId('close-slip').getAttribute('data-kind')).toBe('Z'), { timeout: 10_000 });
    expect(screen.getByTestId('close-slip').innerHTML).toBe(zSlip);

    // In English the slip is the core's text, character for character.
    fireEvent.click(screen.getByTestId('manager-language'));
    expect(screen.getByTestId('close-slip').getAttribute('dir')).toBe('ltr');
    expect(screen.getByTestId('close-slip').textContent).toBe(dayReportText(z));
  });
});

describe('manager screen: refunds a manager cannot get wrong', () => {
  it('the amount comes before the Refund button, nothing is refunded until the question naming the amount and the drawer is answered, the sale then reads partly refunded, and the next sale found shows nothing of the previous one', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    ringUp(db, { totalMinor: 4_000, at: new Date(Date.now() - 120_000), tender: 'cash', terminalId });
    ringUp(db, { totalMinor: 2_500, at: new Date(Date.now() - 60_000), tender: 'card', terminalId });
    await signIn();
    typeInto('refund-invoice', '1');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => screen.getByTestId('refund-tender-cash'), { timeout: 10_000 });
    expect(screen.queryByTestId('refund-submit')).toBeNull();
    fireEvent.click(screen.getByTestId('refund-tender-cash'));
    const amount = screen.getByTestId('refund-amount');
    const submit = screen.getByTestId('refund-submit');
    // In reading order, the amount is filled in before the button that acts on it.
    expect(amount.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect((amount as HTMLInputElement).value).toBe('40.00');
    typeInto('refund-amount', '15.00');
    typeInto('refund-reason', 'wrong size');
    fireEvent.click(submit);
    expect(screen.getByTestId('refund-confirm-ask').textContent).toMatch(/Give AED\s*15\.00 of invoice 1 back in cash from the drawer\?/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM manual_refunds').get()).toEqual({ n: 0 });
    // Going back refunds nothing either.
    fireEvent.click(screen.getByTestId('refund-cancel'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM manual_refunds').get()).toEqual({ n: 0 });
    fireEvent.click(screen.getByTestId('refund-submit'));
    fireEvent.click(screen.getByTestId('refund-confirm'));
    await waitFor(() => expect(screen.getByTestId('sale-status').getAttribute('data-status')).toBe('partly_refunded'), { timeout: 10_000 });
    expect(screen.getByTestId('sale-status').textContent).toMatch(/partly refunded/);
    expect(screen.getByTestId('refund-message').textContent).toMatch(/Give back from the drawer: AED\s*15\.00/);
    expect(db.prepare('SELECT amount_minor, reason FROM manual_refunds').all()).toEqual([{ amount_minor: 1_500, reason: 'wrong size' }]);
    expect(screen.queryByTestId('refund-form')).toBeNull();

    // The next sale: no message, no form, no amount from the first.
    typeInto('refund-invoice', '2');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => expect(screen.getByTestId('refund-sale').textContent).toContain('Invoice 2 '), { timeout: 10_000 });
    expect(screen.queryByTestId('refund-message')).toBeNull();
    expect(screen.queryByTestId('refund-form')).toBeNull();
    expect(screen.queryByTestId('refund-state')).toBeNull();
    expect(screen.getByTestId('sale-status').getAttribute('data-status')).toBe('paid');
  });
});
