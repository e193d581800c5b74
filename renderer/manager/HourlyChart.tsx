// Takings by Dubai hour as a bar chart (chart.js), with the same figures as a table beneath for
// screen readers and for places a canvas cannot draw.
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { TakingsView } from '../../app/api/manager.ts';
import { formatMoney } from '../../app/domain/money.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function HourlyChart({ takings }: { takings: TakingsView }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return; // no canvas (tests, very old GPU): the table below carries the figures
    const chart = new Chart(ctx, {
      type: 'bar',
      data: {
        labels: takings.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
        // Chart.js draws numbers: AED as a decimal for the bar height only, never for arithmetic.
        datasets: [{ label: 'AED', data: takings.byHour.map((h) => h.gross.minor / 100), backgroundColor: '#2f6f4f' }],
      },
      options: { animation: false, responsive: true, plugins: { tooltip: { callbacks: { label: (c) => formatMoney(takings.byHour[c.dataIndex]!.gross) } } } },
    });
    return () => chart.destroy();
  }, [takings]);
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
      <figcaption>Takings by hour (Dubai)</figcaption>
      <table>
        <tbody>
          {busy.map((h) => (
            <tr key={h.hour}>
              <th>{`${String(h.hour).padStart(2, '0')}:00`}</th>
              <td>{h.count}</td>
              <td>{formatMoney(h.gross)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
