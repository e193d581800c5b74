// One bundle, two screens: #/customer is the customer display, anything else the cashier.
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/transport.ts';
import { createCashierStore } from './state/cashier.ts';
import { CashierApp } from './cashier/CashierApp.tsx';
import { CustomerDisplay } from './customer/CustomerDisplay.tsx';
import './styles.css';

const transport = pickTransport(window);
const root = createRoot(document.getElementById('root')!);
if (window.location.hash.startsWith('#/customer')) {
  root.render(<CustomerDisplay transport={transport} />);
} else {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  root.render(<CashierApp store={createCashierStore(transport, storage)} transport={transport} />);
}
