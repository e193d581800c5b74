// @vitest-environment jsdom
// Keyboard-wedge calibration on the installer screen (real core): a scanner programmed to send no
// Enter or Tab after a code still gets measured once its keys stop, with the advice to add a suffix.
import { beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InstallerApp } from '../../../renderer/installer/InstallerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { memoryStorage, realCoreEachTest, typeInto } from '../support.ts';

const env = realCoreEachTest();
beforeEach(async () => {
  await addUser(env.core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
});


describe('keyboard-wedge calibration', () => {
  it('measures a scanner that sends no suffix once its keys stop, and says to program Enter', async () => {
    render(<InstallerApp transport={env.transport} storage={memoryStorage()} />);
    typeInto('signin-name', 'Mona');
    typeInto('signin-pin', '2468');
    fireEvent.click(screen.getByTestId('signin-submit'));
    await waitFor(() => screen.getByTestId('store-panel'), { timeout: 10_000 });

    fireEvent.click(screen.getByTestId('tab-wedge'));
    fireEvent.click(screen.getByTestId('wedge-calibrate'));
    await act(async () => {
      for (const d of '4006381333931') {
        fireEvent.keyDown(window, { key: d, code: `Digit${d}` });
        fireEvent.keyUp(window, { key: d, code: `Digit${d}` });
      }
    });
    await waitFor(() => screen.getByTestId('wedge-result'), { timeout: 15_000 });
    expect(screen.getByTestId('wedge-read').textContent).toBe('4006381333931');
    expect(screen.getByTestId('wedge-result').textContent).toMatch(/program it to send Enter/);
    expect((screen.getByTestId('wedge-calibrate') as HTMLButtonElement).disabled).toBe(false);
  });
});
