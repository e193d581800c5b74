// The dashboard's three charts (chart.js): takings by hour, by tender and wallet, and the stores
// side by side. Each canvas has its figures in a data- attribute and a table twin for screen readers.
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Breakdown, StoreTakings } from '../../app/api/hq.ts';
import { word, type Lang } from './words.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// Bar heights only: chart.js draws numbers, the labels and tables show exact fils as money.
const aedNumber = (fils: number) => fils / 100;
const ticks = { font: { size: 13 } };

function useChart(config: ChartConfiguration<'bar'>) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const chart = new Chart(ctx, config);
    return () => chart.destroy();
    // Redrawn when the figures or the words (labels) change, not on every render.
  }, [key]);
  return canvas;
}

function axes(lang: Lang, horizontal = false) {
  const money = { position: lang === 'ar' ? ('right' as const) : ('left' as const), ticks, title: { display: true, text: word(lang, 'currency'), font: { size: 13 } } };
  // Every tender and wallet keeps its name; only the 24 hours may skip every other label.
  const cats = { reverse: lang === 'ar' && !horizontal, ticks: { ...ticks, maxRotation: 0, autoSkip: !horizontal } };
  return horizontal ? { x: { ...money, position: 'bottom' as const, reverse: lang === 'ar' }, y: { ...cats, position: lang === 'ar' ? ('right' as const) : ('left' as const) } } : { x: cats, y: money };
}

export function HourChart({ breakdown, lang }: { breakdown: Breakdown; lang: Lang }) {
  const canvas = useChart({
    type: 'bar',
    data: {
      labels: breakdown.byHour.map((h) => `${String(h.hour).padStart(2, '0')}`),
      datasets: [{ label: word(lang, 'gross'), data: breakdown.byHour.map((h) => aedNumber(h.amount)), backgroundColor: '#2f6f4f' }],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: axes(lang), plugins: { legend: { display: false } } },
  });
  return <canvas ref={canvas} data-testid="hq-hour-chart" data-amounts={breakdown.byHour.map((h) => h.amount).join(',')} aria-hidden="true" />;
}

export function tenderLabel(t: { tender: string; wallet: string }, lang: Lang): string {
  if (t.tender === 'wallet') return t.wallet || word(lang, 'walletUnnamed');
  if (t.tender === 'cash') return word(lang, 'cash');
  if (t.tender === 'card') return word(lang, 'card');
  return t.tender;
}

export function TenderChart({ breakdown, lang }: { breakdown: Breakdown; lang: Lang }) {
  const rows = breakdown.byTender;
  const canvas = useChart({
    type: 'bar',
    data: {
      labels: rows.map((t) => tenderLabel(t, lang)),
      datasets: [
        { label: word(lang, 'gross'), data: rows.map((t) => aedNumber(t.amount)), backgroundColor: '#1f5f8b' },
        { label: word(lang, 'refunds'), data: rows.map((t) => aedNumber(t.refunds)), backgroundColor: '#b5523b' },
      ],
    },
    options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, scales: axes(lang, true), plugins: { legend: { labels: { font: { size: 13 } } } } },
  });
  return <canvas ref={canvas} data-testid="hq-tender-chart" data-amounts={rows.map((t) => `${t.tender}:${t.wallet}=${t.amount}`).join(',')} aria-hidden="true" />;
}

export function StoresChart({ stores, lang }: { stores: StoreTakings[]; lang: Lang }) {
  const canvas = useChart({
    type: 'bar',
    data: {
      labels: stores.map((s) => s.storeId),
      datasets: [
        { label: word(lang, 'gross'), data: stores.map((s) => aedNumber(s.gross)), backgroundColor: '#2f6f4f' },
        { label: word(lang, 'net'), data: stores.map((s) => aedNumber(s.net)), backgroundColor: '#9bbf8a' },
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: axes(lang), plugins: { legend: { labels: { font: { size: 13 } } } } },
  });
  return <canvas ref={canvas} data-testid="hq-stores-chart" data-gross={stores.map((s) => `${s.storeId}=${s.gross}`).join(',')} aria-hidden="true" />;
}
