// The HQ dashboard, served by `souq hq serve` (built by vite.hq.config.ts into dist-hq/).
import { createRoot } from 'react-dom/client';
import { HqApp } from './HqApp.tsx';
import './hq.css';

createRoot(document.getElementById('root')!).render(<HqApp />);
