// @vitest-environment jsdom
// First run and people from the manager screen alone: a fresh terminal sets up its first manager,
// who adds a cashier, changes a PIN, unlocks and disables — every change logged under the manager.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { signIn } from '../../../app/users/users.ts';
import { realCoreEachTest, typeInto } from '../support.ts';

const env = realCoreEachTest();

const row = (name: string) => screen.getAllByTestId('staff-row').find((r) => r.getAttribute('data-name') === name)!;

describe('first run and people', () => {
  it('a fresh terminal opens the setup (not a sign-in nobody can pass); PINs that differ create nothing; the manager is created, signed in, and adds a cashier, all logged', async () => {
    const db = env.core.terminal.db;
    render(<ManagerApp transport={env.transport} />);
    await waitFor(() => screen.getByTestId('setup'), { timeout: 10_000 });
    expect(screen.queryByTestId('manager-signin')).toBeNull();

    typeInto('setup-name', 'Aisha');
    typeInto('setup-pin', '4829');
    typeInto('setup-pin-repeat', '4828');
    fireEvent.click(screen.getByTestId('setup-create'));
    await waitFor(() => expect(screen.getByTestId('setup-error').textContent).toMatch(/not the same/));
    expect(db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 0 });

    typeInto('setup-pin', '4829');
    typeInto('setup-pin-repeat', '4829');
    fireEvent.click(screen.getByTestId('setup-create'));
    await waitFor(() => screen.getByTestId('staff-first-run'), { timeout: 10_000 });
    const aisha = db.prepare("SELECT id, role FROM users WHERE name = 'Aisha'").get() as { id: string; role: string };
    expect(aisha.role).toBe('manager');
    expect(JSON.parse((db.prepare("SELECT data FROM events WHERE type = 'user.added'").get() as { data: string }).data)).toMatchObject({ name: 'Aisha', role: 'manager', bootstrap: true });

    // Only while nobody exists: a second setup is refused.
    await expect(env.transport.call('manager.setup', { name: 'Mallory', pin: '5173', pinRepeat: '5173' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });

    typeInto('staff-name', 'Omar');
    typeInto('staff-pin-new', '5172');
    typeInto('staff-pin-repeat', '5172');
    fireEvent.click(screen.getByTestId('staff-add-submit'));
    await waitFor(() => expect(screen.getByTestId('staff-message').textContent).toBe('Omar is added as Cashier.'), { timeout: 10_000 });
    await waitFor(() => expect(row('Omar').getAttribute('data-role')).toBe('cashier'));
    const added = db.prepare("SELECT actor FROM events WHERE type = 'user.added' AND data LIKE '%Omar%'").get() as { actor: string };
    expect(added.actor).toBe(aisha.id);
    await expect(signIn(db, { name: 'Omar', pin: '5172' })).resolves.toMatchObject({ role: 'cashier' });
  });

  it('a manager changes a PIN, unlocks a locked cashier and disables one (never deleted), each under their name in the event log', async () => {
    const db = env.core.terminal.db;
    const s = await env.transport.call('manager.setup', { name: 'Aisha', pin: '4829', pinRepeat: '4829' });
    await env.transport.call('manager.addStaff', { session: s.session, name: 'Omar', role: 'cashier', pin: '5172', pinRepeat: '5172' });
    for (let i = 0; i < 5; i++) await signIn(db, { name: 'Omar', pin: '9999' }).catch(() => {});
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(row('Omar').getAttribute('data-locked')).toBe('true'), { timeout: 10_000 });
    expect(row('Omar').textContent).toMatch(/Locked until/);

    fireEvent.click(within(row('Omar')).getByTestId('staff-unlock'));
    await waitFor(() => expect(row('Omar').getAttribute('data-locked')).toBe('false'), { timeout: 10_000 });

    fireEvent.click(within(row('Omar')).getByTestId('staff-pin'));
    typeInto('staff-new-pin', '6184');
    typeInto('staff-new-pin-repeat', '6184');
    fireEvent.click(screen.getByTestId('staff-pin-save'));
    await waitFor(() => expect(screen.getByTestId('staff-message').textContent).toMatch(/Omar’s PIN is changed/), { timeout: 10_000 });
    await expect(signIn(db, { name: 'Omar', pin: '6184' })).resolves.toMatchObject({ name: 'Omar' });

    fireEvent.click(within(row('Omar')).getByTestId('staff-disable'));
    await waitFor(() => expect(row('Omar').getAttribute('data-disabled')).toBe('true'), { timeout: 10_000 });
    await expect(signIn(db, { name: 'Omar', pin: '6184' })).rejects.toMatchObject({ code: 'USER_DISABLED' });
    expect(db.prepare("SELECT COUNT(*) AS n FROM users WHERE name = 'Omar'").get()).toEqual({ n: 1 });
    const aisha = (db.prepare("SELECT id FROM users WHERE name = 'Aisha'").get() as { id: string }).id;
    const changes = db.prepare("SELECT type, actor FROM events WHERE type IN ('user.unlocked', 'user.pin_changed', 'user.disabled') ORDER BY seq").all();
    expect(changes).toEqual([
      { type: 'user.unlocked', actor: aisha },
      { type: 'user.pin_changed', actor: aisha },
      { type: 'user.disabled', actor: aisha },
    ]);
  });
});
