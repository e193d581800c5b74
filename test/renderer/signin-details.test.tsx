// @vitest-environment jsdom
// The sign-in screens in Arabic on the real core: a wrong PIN says in Arabic how many tries are left
// before the lock, and the lock says until when (Dubai time), from the facts the core sends beside
// its English sentence, not from that sentence.
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ManagerApp } from '../../renderer/manager/ManagerApp.tsx';
import { InstallerApp } from '../../renderer/installer/InstallerApp.tsx';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { latinWords } from './installer/latin.ts';
import { realCoreEachTest, typeInto } from './support.ts';

const env = realCoreEachTest();
let manager: Actor;
beforeEach(async () => {
  const m = await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  manager = { id: m.id, name: m.name, role: m.role };
});

/** What a person reads as Arabic: the text outside the isolated English sentence (<bdi dir="ltr">). */
const arabicPart = (id: string) => {
  const copy = screen.getByTestId(id).cloneNode(true) as HTMLElement;
  copy.querySelectorAll('bdi[lang="en"]').forEach((b) => b.remove());
  return copy.textContent ?? '';
};
/** When the account's lock ends, as the shop's clock shows it (Asia/Dubai, 24-hour, Western digits). */
const lockTime = (name: string) => {
  const row = env.core.terminal.db.prepare('SELECT locked_until FROM users WHERE name = ?').get(name) as { locked_until: string | null };
  expect(row.locked_until).not.toBeNull();
  const at = new Date(row.locked_until!);
  const hm = (part: 'hour' | 'minute') => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Dubai', hourCycle: 'h23', [part]: '2-digit' }).format(at).padStart(2, '0');
  return `${hm('hour')}:${hm('minute')}`;
};
// Arabic counts its noun by the number: 1 and 2 have their own words, 3–10 a plural.
const TRIES_LEFT = (n: number) => ({ 1: 'بقيت محاولة واحدة قبل القفل.', 2: 'بقيت محاولتان قبل القفل.', 3: 'بقيت 3 محاولات قبل القفل.', 4: 'بقيت 4 محاولات قبل القفل.' })[n];
const WAIT = { timeout: 15_000 };

describe('sign-in refusals in Arabic carry the facts', () => {
  it('the manager sign-in says the tries left in Arabic, then until when the manager is locked', async () => {
    render(<ManagerApp transport={env.transport} />);
    fireEvent.click(screen.getByTestId('manager-language'));
    typeInto('manager-name', 'Aisha');
    for (let left = 4; left >= 1; left--) {
      typeInto('manager-pin', '1357');
      fireEvent.click(screen.getByTestId('manager-signin-submit'));
      await waitFor(() => expect(arabicPart('manager-error')).toContain(TRIES_LEFT(left)), WAIT);
    }
    typeInto('manager-pin', '1357');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('manager-error').getAttribute('data-code')).toBe('LOCKED'), WAIT);
    expect(arabicPart('manager-error')).toContain('مقفل حتى');
    expect(arabicPart('manager-error')).toContain(lockTime('Aisha'));
    expect(arabicPart('manager-error')).not.toMatch(/[\u0660-\u0669]/);
  });

  it('the installer sign-in says the tries left in Arabic with no English, then until when the person is locked', async () => {
    await addUser(env.core.terminal.db, { name: 'Sami', role: 'installer', pin: '2468', by: manager });
    render(<InstallerApp transport={env.transport} storage={null} />);
    fireEvent.click(screen.getByTestId('installer-language-toggle'));
    typeInto('signin-name', 'Sami');
    typeInto('signin-pin', '9999');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => expect(screen.getByTestId('signin-error').textContent).toBe(`الاسم أو الرقم السري غير صحيح. ${TRIES_LEFT(4)}`), WAIT);
    expect(latinWords(document.body)).toEqual([]);
    for (let left = 3; left >= 0; left--) {
      // The form sends only with a PIN typed; the screen clears it after each refusal.
      typeInto('signin-pin', '9999');
      await waitFor(() => expect((screen.getByTestId('signin-submit') as HTMLButtonElement).disabled).toBe(false), WAIT);
      fireEvent.click(screen.getByTestId('signin-submit'));
      if (left > 0) await waitFor(() => expect(screen.getByTestId('signin-error').textContent).toContain(TRIES_LEFT(left)), WAIT);
    }
    await waitFor(() => expect(screen.getByTestId('signin-error').textContent).toContain('مقفل حتى'), WAIT);
    expect(screen.getByTestId('signin-error').textContent).toContain(lockTime('Sami'));
    expect(latinWords(document.body)).toEqual([]);
  });

  it('the cashier’s shift panel says until when the cashier is locked, in Dubai time', async () => {
    await addUser(env.core.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await screen.findByTestId('shift-signin', {}, WAIT);
    fireEvent.click(screen.getByTestId('language-toggle'));
    for (let left = 4; left >= 0; left--) {
      typeInto('shift-name', 'Omar');
      typeInto('shift-pin', '0000');
      fireEvent.click(screen.getByTestId('shift-signin-submit'));
      if (left > 0) await waitFor(() => expect(screen.getByTestId('shift-error').textContent).toContain(TRIES_LEFT(left)), WAIT);
    }
    await waitFor(() => expect(screen.getByTestId('shift-error').getAttribute('data-code')).toBe('LOCKED'), WAIT);
    expect(screen.getByTestId('shift-error').textContent).toContain(`الحساب مقفل حتى \u2066`);
    expect(screen.getByTestId('shift-error').textContent).toContain(lockTime('Omar'));
  });
});
