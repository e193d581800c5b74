// @vitest-environment jsdom
// The installer screens in Arabic on the real core: they open in the language the cashier chose,
// read right to left, and every word on every tab (errors from the core included) is Arabic.
import { beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InstallerApp } from '../../../renderer/installer/InstallerApp.tsx';
import { createCashierStore } from '../../../renderer/state/cashier.ts';
import { addUser } from '../../../app/users/users.ts';
import { memoryStorage, realCoreEachTest, typeInto } from '../support.ts';
import { latinWords } from './latin.ts';

const env = realCoreEachTest();
beforeEach(async () => {
  await addUser(env.core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
});

const ARABIC = /[\u0600-\u06FF]{3,}/;
const noEnglish = () => expect(latinWords(document.body)).toEqual([]);

describe('installer screens in Arabic', () => {
  it('open in the language the cashier chose, read right to left, and show no English words on any tab, errors from the core included', async () => {
    const storage = memoryStorage();
    createCashierStore(env.transport, storage).getState().setLang('ar');
    render(<InstallerApp transport={env.transport} storage={storage} />);

    const signin = screen.getByTestId('installer-signin');
    expect(signin.getAttribute('dir')).toBe('rtl');
    expect(document.documentElement.dir).toBe('rtl');
    noEnglish();

    // A wrong PIN: the core says it in English (WRONG_PIN); the screen in Arabic.
    typeInto('signin-name', 'Mona');
    typeInto('signin-pin', '9999');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => expect(screen.getByTestId('signin-error').textContent).toMatch(ARABIC), { timeout: 10_000 });
    noEnglish();

    typeInto('signin-pin', '2468');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => screen.getByTestId('store-panel'), { timeout: 10_000 });
    expect(screen.getByTestId('installer').getAttribute('dir')).toBe('rtl');
    typeInto('store-trn', '12345');
    expect(screen.getByTestId('store-trn-error').textContent).toMatch(/15/);
    expect(screen.getByTestId('store-trn-error').textContent).toMatch(ARABIC);
    noEnglish();

    fireEvent.click(screen.getByTestId('tab-acquirer'));
    await waitFor(() => screen.getByTestId('acquirer-sandbox'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('clock-check'));
    await waitFor(() => expect(screen.getByTestId('clock-result').textContent).toMatch(ARABIC), { timeout: 15_000 });
    noEnglish();

    // This window has no serial hardware: the core refuses (NOT_AVAILABLE) in English, shown in Arabic.
    fireEvent.click(screen.getByTestId('tab-scanners'));
    await waitFor(() => expect(screen.getByTestId('scanner-error').textContent).toMatch(ARABIC), { timeout: 10_000 });
    noEnglish();

    fireEvent.click(screen.getByTestId('tab-wedge'));
    fireEvent.click(screen.getByTestId('wedge-calibrate'));
    await act(async () => {
      for (const d of '4006381333931') {
        fireEvent.keyDown(window, { key: d, code: `Digit${d}` });
        fireEvent.keyUp(window, { key: d, code: `Digit${d}` });
      }
      fireEvent.keyDown(window, { key: 'Enter', code: 'Enter' });
    });
    await waitFor(() => screen.getByTestId('wedge-result'), { timeout: 10_000 });
    expect(screen.getByTestId('wedge-read').textContent).toBe('4006381333931');
    noEnglish();
  });

  it('has its own language toggle, remembered for the cashier screen too', async () => {
    const storage = memoryStorage();
    render(<InstallerApp transport={env.transport} storage={storage} />);
    expect(screen.getByTestId('installer-signin').getAttribute('dir')).toBe('ltr');
    expect(screen.getByTestId('signin-submit').textContent).toBe('Sign in');
    expect(latinWords(document.body)).toContain('PIN'); // the check sees English where there is some
    fireEvent.click(screen.getByTestId('installer-language-toggle'));
    expect(screen.getByTestId('installer-signin').getAttribute('dir')).toBe('rtl');
    expect(screen.getByTestId('signin-submit').textContent).toBe('تسجيل الدخول');
    expect(createCashierStore(env.transport, storage).getState().lang).toBe('ar');
  });
});
