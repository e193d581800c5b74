import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CashierActions, CashierState, CashierStore } from '../state/cashier.ts';
import { translate } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Transport } from '../api/transport.ts';

export const CashierContext = createContext<{ store: CashierStore; transport: Transport } | null>(null);

export function useCashier<T>(selector: (s: CashierState & CashierActions) => T): T {
  const ctx = useContext(CashierContext);
  if (!ctx) throw new Error('useCashier outside <CashierContext>');
  return useStore(ctx.store, selector);
}

export function useTransport(): Transport {
  const ctx = useContext(CashierContext);
  if (!ctx) throw new Error('useTransport outside <CashierContext>');
  return ctx.transport;
}

export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = useCashier((s) => s.lang);
  return (key, vars) => translate(lang, key, vars);
}

/** The store itself, for a component that writes a call's answer into it (the line adjust dialog). */
export function useCashierStore(): CashierStore {
  const ctx = useContext(CashierContext);
  if (!ctx) throw new Error('useCashierStore outside <CashierContext>');
  return ctx.store;
}
