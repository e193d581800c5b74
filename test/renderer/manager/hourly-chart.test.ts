// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { hourlyChartConfig } from '../../../renderer/manager/HourlyChart.tsx';
import { takingsForDay } from '../../../app/reports/takings.ts';
import { ringUp, tempDb, type TempDb } from '../../reports/fixture.ts';

let t: TempDb | undefined;
afterEach(() => t?.cleanup());

describe('the hourly chart', () => {
  it('says gross and the currency on its amount axis (in Arabic too), draws all 24 hours upright with none skipped, amounts in 14 px, and puts each hour\'s takings on its bar', () => {
    t = tempDb();
    ringUp(t.db, { totalMinor: 12_550, at: new Date('2026-01-10T06:10:00Z'), tender: 'cash' }); // 10:10 in Dubai
    const takings = takingsForDay(t.db, '2026-01-10');
    for (const lang of ['en', 'ar'] as const) {
      const c = hourlyChartConfig(takings, lang);
      const y = c.options!.scales!.y as { title: { display: boolean; text: string }; ticks: { font: { size: number } }; position: string };
      const x = c.options!.scales!.x as { ticks: { font: { size: number }; maxRotation: number }; reverse: boolean };
      expect(y.title).toMatchObject({ display: true, text: lang === 'ar' ? 'الإجمالي، درهم' : 'Gross, AED' });
      expect(c.data.labels).toHaveLength(24);
      expect((x.ticks as unknown as { autoSkip: boolean }).autoSkip).toBe(false);
      expect(y.ticks.font.size).toBeGreaterThanOrEqual(14);
      expect(x.ticks.font.size).toBeGreaterThanOrEqual(14);
      expect(x.ticks.maxRotation).toBe(0);
      expect(x.reverse).toBe(lang === 'ar');
      expect(y.position).toBe(lang === 'ar' ? 'right' : 'left');
      expect(c.data.datasets[0]!.data[10]).toBe(125.5);
      expect(c.data.labels![10]).toBe('10');
    }
  });
});
