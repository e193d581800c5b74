import { useEffect, useState } from 'react';
import type { ProductView } from '../../app/api/contract.ts';
import { useCashier, useT, useTransport } from './context.ts';
import { money } from '../i18n/i18n.ts';

export function CatalogueSearch() {
  const t = useT();
  const transport = useTransport();
  const lang = useCashier((s) => s.lang);
  const addProduct = useCashier((s) => s.addProduct);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProductView[]>([]);
  useEffect(() => {
    if (query.trim().length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      transport.call('catalogue.search', { query: query.trim(), limit: 8 }).then(
        (r) => live && setFound(r),
        () => live && setFound([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, transport]);
  return (
    <div className="catalogue">
      <input
        type="search"
        className="search"
        data-testid="catalogue-search"
        placeholder={t('catalogueSearch')}
        aria-label={t('catalogueSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim().length >= 2 ? (
        <ul className="found">
          {found.length === 0 ? <li className="empty">{t('catalogueNoMatch')}</li> : null}
          {found.map((p) => (
            <li key={p.ean}>
              <button
                type="button"
                className="btn product"
                onClick={() => {
                  void addProduct(p.ean);
                  setQuery('');
                }}
              >
                <bdi>{p.name}</bdi> <bdi>{money(p.price, lang)}</bdi>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
