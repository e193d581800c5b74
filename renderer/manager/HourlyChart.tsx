// Takings by Dubai hour as a bar chart (chart.js), with the same figures as a table beneath for
// screen readers and for places a canvas cannot draw.
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { TakingsView } from '../../app/api/manager.ts';
import { money, type Lang } from '../i18n/i18n.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * The chart as a manager reads it from a step away: the amount axis says its currency (in the
 * screen's language), and the hours and amounts are in a 14 px font (chart.js draws 12 px).
 */
export function hourlyChartConfig(takings: TakingsView, lang: Lang): ChartConfiguration<'bar'> {
  const ticks = { font: { size: 14 } };
  return {
    type: 'bar',
    data: {
      // Two-digit hours: all 24 fit upright even on an 800 px till, none skipped.
      labels: takings.byHour.map((h) => String(h.hour).padStart(2, '0')),
      // Chart.js draws numbers: AED as a decimal for the bar height only, never for arithmetic.
      datasets: [{ label: takings.currency, data: takings.byHour.map((h) => h.gross.minor / 100), backgroundColor: '#2f6f4f' }],
    },
    options: {
      animation: false,
      responsive: true,
      locale: lang === 'ar' ? 'ar-AE-u-nu-latn' : 'en-AE',
      scales: {
        // Upright hours, every other one where 24 do not fit, rather than slanted and cut at the edge.
        x: {
          reverse: lang === 'ar',
          ticks: { ...ticks, maxRotation: 0, autoSkip: false },
          title: { display: true, text: lang === 'ar' ? 'الساعة (دبي)' : 'Hour (Dubai)', font: { size: 14 } },
        },
        // The bars are gross (paid sales before refunds): the axis says so, not only the caption.
        y: { position: lang === 'ar' ? 'right' : 'left', ticks, title: { display: true, text: lang === 'ar' ? 'الإجمالي، درهم' : `Gross, ${takings.currency}`, font: { size: 14 } } },
      },
      plugins: { tooltip: { callbacks: { label: (c) => money(takings.byHour[c.dataIndex]!.gross, lang) } } },
    },
  };
}

export function HourlyChart({ takings, caption, lang = 'en' }: { takings: TakingsView; caption: string; lang?: Lang }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return; // no canvas (tests, very old GPU): the table below carries the figures
    const chart = new Chart(ctx, hourlyChartConfig(takings, lang));
    return () => chart.destroy();
  }, [takings, lang]);
  const busy = takings.byHour.filter((h) => h.count > 0);
  return (
    <figure className="manager-hourly" data-testid="manager-hourly">
      <canvas
        ref={canvas}
        aria-hidden="true"
        data-testid="manager-hour-chart"
        data-hours={busy.map((h) => h.hour).join(',')}
        data-gross-minor={busy.map((h) => h.gross.minor).join(',')}
      />
      <figcaption>{caption}</figcaption>
      <table>
        <tbody>
          {busy.map((h) => (
            <tr key={h.hour}>
              <th>{`${String(h.hour).padStart(2, '0')}:00`}</th>
              <td>{h.count}</td>
              <td>
                <bdi>{money(h.gross, lang)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
