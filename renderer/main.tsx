// One bundle, four screens: #/customer is the customer display, #/installer the installer's
// setup screens, #/manager the manager's, anything else the cashier.
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/transport.ts';
import { createCashierStore } from './state/cashier.ts';
import { CashierApp } from './cashier/CashierApp.tsx';
import { CustomerDisplay } from './customer/CustomerDisplay.tsx';
import { InstallerApp } from './installer/InstallerApp.tsx';
import { ManagerApp } from './manager/ManagerApp.tsx';
import './styles.css';

const transport = pickTransport(window);
const root = createRoot(document.getElementById('root')!);
// The screen is chosen once, at load: moving between #/cashier and #/installer loads afresh.
window.addEventListener('hashchange', () => window.location.reload());
if (window.location.hash.startsWith('#/customer')) {
  root.render(<CustomerDisplay transport={transport} />);
} else if (window.location.hash.startsWith('#/installer')) {
  root.render(<InstallerApp transport={transport} />);
} else if (window.location.hash.startsWith('#/manager')) {
  root.render(<ManagerApp transport={transport} />);
} else {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  root.render(<CashierApp store={createCashierStore(transport, storage)} transport={transport} />);
}
