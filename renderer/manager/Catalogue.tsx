// The catalogue on the manager screen: import a CSV exported from a spreadsheet — first a preview
// of every line (what it adds or changes, or what is wrong with it, by line number), nothing
// changed until Import — and search what the till sells.
import { useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { CataloguePreview } from '../../app/api/manager.ts';
import type { ProductView } from '../../app/api/views.ts';
import { money as moneyOf } from '../../app/domain/money.ts';
import { money } from '../i18n/i18n.ts';
import { saidOf, SaidText, useWords, type Said } from './words.tsx';

/**
 * Scan (the wedge scanner types into the focused field and presses Enter) or type a barcode: a known
 * product opens to edit, an unknown one to create. The check digit is checked by the terminal.
 */
function ProductForm({ transport, session }: { transport: Transport; session: string }) {
  const { t, lang } = useWords();
  const [ean, setEan] = useState('');
  const [form, setForm] = useState<{ isNew: boolean; name: string; nameAr: string; nameZh: string; price: string } | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const look = () => {
    setSaid(null);
    transport.call('manager.product', { session, ean }).then(
      (p) =>
        setForm(
          p
            ? { isNew: false, name: p.name, nameAr: p.nameAr ?? '', nameZh: p.nameZh ?? '', price: (p.priceMinor / 100).toFixed(2) }
            : { isNew: true, name: '', nameAr: '', nameZh: '', price: '' },
        ),
      (e: unknown) => {
        setForm(null);
        setSaid(saidOf(e, lang));
      },
    );
  };
  const field = (key: 'name' | 'nameAr' | 'nameZh' | 'price', label: string, extra: Record<string, string> = {}) =>
    form && (
      <label>
        {label} <input data-testid={`product-${key}`} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...extra} />
      </label>
    );
  return (
    <fieldset data-testid="product-form" className="manager-product">
      <legend>{t('productAddEdit')}</legend>
      <div className="manager-row">
        <label>
          {t('productEan')}{' '}
          <input
            data-testid="product-ean"
            inputMode="numeric"
            value={ean}
            onChange={(e) => {
              setEan(e.target.value);
              setForm(null);
            }}
            onKeyDown={(e) => e.key === 'Enter' && look()}
            size={16}
          />
        </label>
        <button type="button" data-testid="product-find" onClick={look}>
          {t('find')}
        </button>
      </div>
      {form && (
        <div className="manager-refund-form" data-testid="product-edit" data-new={form.isNew}>
          <p>{form.isNew ? t('productNew') : t('productKnown')}</p>
          {field('name', t('productName'))}
          {field('nameAr', t('productNameAr'), { dir: 'rtl', lang: 'ar' })}
          {field('nameZh', t('productNameZh'), { lang: 'zh' })}
          {field('price', t('productPrice'), { inputMode: 'decimal' })}
          <button
            type="button"
            data-testid="product-save"
            onClick={() =>
              transport.call('manager.saveProduct', { session, ean, name: form.name, nameAr: form.nameAr, nameZh: form.nameZh, price: form.price }).then(
                (p) => {
                  setForm(null);
                  setEan('');
                  setSaid({ text: t('productSaved', { name: p.name, price: money(moneyOf(p.priceMinor), lang) }) });
                },
                (e: unknown) => setSaid(saidOf(e, lang)),
              )
            }
          >
            {t('save')}
          </button>
        </div>
      )}
      {said && (
        <p role="status" data-testid="product-message">
          <SaidText said={said} lang={lang} />
        </p>
      )}
    </fieldset>
  );
}

export function Catalogue({ transport, session }: { transport: Transport; session: string }) {
  const { t, lang } = useWords();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<CataloguePreview | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProductView[] | null>(null);

  const read = (text: string, name: string) => {
    setCsv(text);
    setFileName(name);
    setSaid(null);
    transport.call('manager.cataloguePreview', { session, csv: text }).then(setPreview, (e: unknown) => setSaid(saidOf(e, lang)));
  };
  const canImport = preview !== null && preview.fileError === null && preview.counts.errors === 0 && preview.lines.length > 0;
  return (
    <section data-testid="manager-catalogue" className="manager-no-print manager-catalogue">
      <h2>{t('catalogue')}</h2>
      <p className="manager-hint">{t('catalogueHint')}</p>
      <div className="manager-row">
        <label>
          {t('catalogueFile')}{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="catalogue-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              void file.text().then((text) => read(text, file.name));
            }}
          />
        </label>
      </div>
      {preview && (
        <div data-testid="catalogue-preview" data-errors={preview.counts.errors} data-add={preview.counts.add} data-update={preview.counts.update}>
          {preview.fileError ? (
            <p role="alert" data-testid="catalogue-file-error">
              {preview.fileError}
            </p>
          ) : (
            <>
              <p data-testid="catalogue-summary">
                {t('catalogueSummary', { file: fileName, add: preview.counts.add, update: preview.counts.update, unchanged: preview.counts.unchanged, errors: preview.counts.errors })}
              </p>
              <div className="manager-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t('catalogueLine')}</th>
                      <th>EAN</th>
                      <th>{t('name')}</th>
                      <th>{t('price')}</th>
                      <th>{t('catalogueWhat')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {/* Wrong lines first: they are what the manager has to fix. */}
                    {[...preview.lines]
                      .sort((a, b) => Number(b.error !== null) - Number(a.error !== null) || a.line - b.line)
                      .slice(0, 200)
                      .map((l) => (
                        <tr key={l.line} data-testid="catalogue-line" data-line={l.line} data-action={l.action ?? 'error'} className={l.error ? 'manager-bad' : undefined}>
                          <th>{l.line}</th>
                          <td>
                            <bdi>{l.ean}</bdi>
                          </td>
                          <td>
                            <bdi>{l.name}</bdi>
                          </td>
                          <td>{l.priceMinor === null ? '—' : <bdi>{money(moneyOf(l.priceMinor), lang)}</bdi>}</td>
                          <td>{l.error ?? t(`catalogue_${l.action ?? 'add'}`)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <button
            type="button"
            data-testid="catalogue-import"
            disabled={!canImport}
            onClick={() =>
              csv !== null &&
              transport.call('manager.catalogueImport', { session, csv }).then(
                (c) => {
                  setPreview(null);
                  setCsv(null);
                  setSaid({ text: t('catalogueImported', { add: c.add, update: c.update, unchanged: c.unchanged }) });
                },
                (e: unknown) => setSaid(saidOf(e, lang)),
              )
            }
          >
            {t('catalogueImportNow')}
          </button>
        </div>
      )}
      {said && (
        <p role="status" data-testid="catalogue-message">
          <SaidText said={said} lang={lang} />
        </p>
      )}
      <ProductForm transport={transport} session={session} />
      <div className="manager-row">
        <label>
          {t('catalogueSearch')} <input data-testid="catalogue-query" value={query} onChange={(e) => setQuery(e.target.value)} size={16} />
        </label>
        <button type="button" data-testid="catalogue-search" onClick={() => transport.call('catalogue.search', { query, limit: 50 }).then(setFound, (e: unknown) => setSaid(saidOf(e, lang)))}>
          {t('find')}
        </button>
      </div>
      {found && (
        <ul data-testid="catalogue-found" data-count={found.length} className="manager-results">
          {found.length === 0 && <li>{t('catalogueNone')}</li>}
          {found.map((p) => (
            <li key={p.ean} data-testid="catalogue-item" data-ean={p.ean}>
              <bdi>{p.ean}</bdi> — <bdi>{p.name}</bdi> — <bdi>{money(p.price, lang)}</bdi>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
