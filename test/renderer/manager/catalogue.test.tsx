// @vitest-environment jsdom
// The catalogue imported from the manager screen: a preview names every wrong line before anything
// changes; the corrected file imports under the manager's name, and the products are found.
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { realCoreEachTest, typeInto } from '../support.ts';

const env = realCoreEachTest();
let aishaId: string;
beforeEach(async () => {
  aishaId = (await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' })).id;
});

const choose = (text: string) => fireEvent.change(screen.getByTestId('catalogue-file'), { target: { files: [new File([text], 'products.csv', { type: 'text/csv' })] } });

describe('manager screen: catalogue', () => {
  it('previews every line (a wrong check digit and an unquoted comma named by line) and changes nothing; the fixed file imports, logged under the manager', async () => {
    const db = env.core.terminal.db;
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => screen.getByTestId('catalogue-file'), { timeout: 10_000 });

    choose('ean,name,price\n4006381333931,Pen,12.50\n4006381333932,Bad check,3.00\n9501101530003,Dates, large,20\n');
    await waitFor(() => expect(screen.getByTestId('catalogue-preview').getAttribute('data-errors')).toBe('2'), { timeout: 10_000 });
    const lines = screen.getAllByTestId('catalogue-line');
    expect(lines.map((l) => [l.getAttribute('data-line'), l.getAttribute('data-action')])).toEqual([
      ['3', 'error'],
      ['4', 'error'],
      ['2', 'add'],
    ]);
    expect(lines[0]!.textContent).toMatch(/check digit is wrong/);
    expect(lines[1]!.textContent).toMatch(/4 columns where the header has 3/);
    expect((screen.getByTestId('catalogue-import') as HTMLButtonElement).disabled).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM catalogue').get()).toEqual({ n: 0 });

    // Quoted as a spreadsheet saves it: the comma stays in the name.
    choose('\uFEFFean,name,price\r\n4006381333931,Pen,12.50\r\n9501101530003,"Dates, large",20\r\n');
    await waitFor(() => expect(screen.getByTestId('catalogue-preview').getAttribute('data-add')).toBe('2'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('catalogue-import'));
    await waitFor(() => expect(screen.getByTestId('catalogue-message').textContent).toBe('Imported: 2 added, 0 changed, 0 unchanged.'), { timeout: 10_000 });
    expect(db.prepare('SELECT ean, name, price_minor FROM catalogue ORDER BY ean').all()).toEqual([
      { ean: '4006381333931', name: 'Pen', price_minor: 1_250 },
      { ean: '9501101530003', name: 'Dates, large', price_minor: 2_000 },
    ]);
    expect((db.prepare("SELECT actor FROM events WHERE type = 'catalogue.imported'").get() as { actor: string }).actor).toBe(aishaId);

    typeInto('catalogue-query', 'dates');
    fireEvent.click(screen.getByTestId('catalogue-search'));
    await waitFor(() => expect(screen.getByTestId('catalogue-found').getAttribute('data-count')).toBe('1'), { timeout: 10_000 });
    expect(screen.getByTestId('catalogue-item').textContent).toMatch(/Dates, large — AED\s*20\.00/);
  });
});

describe('manager screen: one product', () => {
  it('a scanned barcode with a wrong check digit is refused; an unknown one opens to create with names in EN/AR/zh and a price incl. VAT; scanned again it opens to edit', async () => {
    const db = env.core.terminal.db;
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => screen.getByTestId('product-ean'), { timeout: 10_000 });
    const scan = (code: string) => {
      typeInto('product-ean', code);
      fireEvent.keyDown(screen.getByTestId('product-ean'), { key: 'Enter' });
    };
    scan('4006381333932');
    await waitFor(() => expect(screen.getByTestId('product-message').textContent).toMatch(/check digit is wrong/), { timeout: 10_000 });
    expect(screen.queryByTestId('product-edit')).toBeNull();

    scan('4006381333931');
    await waitFor(() => expect(screen.getByTestId('product-edit').getAttribute('data-new')).toBe('true'), { timeout: 10_000 });
    typeInto('product-name', 'Pen');
    typeInto('product-nameAr', 'قلم');
    typeInto('product-nameZh', '笔');
    typeInto('product-price', '12.50');
    fireEvent.click(screen.getByTestId('product-save'));
    await waitFor(() => expect(screen.getByTestId('product-message').textContent).toMatch(/Saved: Pen at AED\s*12\.50/), { timeout: 10_000 });
    expect(db.prepare('SELECT ean, name, name_ar, name_zh, price_minor FROM catalogue').all()).toEqual([{ ean: '4006381333931', name: 'Pen', name_ar: 'قلم', name_zh: '笔', price_minor: 1_250 }]);
    expect((db.prepare("SELECT actor FROM events WHERE type = 'catalogue.product_added'").get() as { actor: string }).actor).toBe(aishaId);

    scan('4006381333931');
    await waitFor(() => expect(screen.getByTestId('product-edit').getAttribute('data-new')).toBe('false'), { timeout: 10_000 });
    expect((screen.getByTestId('product-price') as HTMLInputElement).value).toBe('12.50');
    typeInto('product-price', '14');
    fireEvent.click(screen.getByTestId('product-save'));
    await waitFor(() => expect(screen.getByTestId('product-message').textContent).toMatch(/Saved: Pen at AED\s*14\.00/), { timeout: 10_000 });
    expect((db.prepare('SELECT price_minor FROM catalogue').get() as { price_minor: number }).price_minor).toBe(1_400);
  });
});
