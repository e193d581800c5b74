// Child process for the crash test: trades forty days one after another — each day's cash sales in
// one transaction, then a Z report for everything since the previous Z — printing "closed <number>"
// after each Z commits, until killed. Started again, it carries on where the database says it was.
import { openDb } from '../../app/store/db.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { money } from '../../app/domain/money.ts';
import { businessDayBounds } from '../../app/domain/time.ts';
import { closeDay } from '../../app/dayclose/close.ts';

const DAYS = 40;

const [file, managerId] = process.argv.slice(2);
const db = openDb(file!);
const actor = { id: managerId!, name: 'Aisha', role: 'manager' as const };
const sale = db.prepare(
  "INSERT INTO sales (id, terminal_id, status, total_minor, vat_minor, invoice_no, created_at, completed_at, business_day) VALUES (?, 'T01', 'paid', ?, ?, ?, ?, ?, ?)",
);
const tender = db.prepare("INSERT INTO tenders (sale_id, kind, amount_minor, created_at) VALUES (?, 'cash', ?, ?)");
for (let d = 0; d < DAYS; d++) {
  const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
  const start = businessDayBounds(day).start.getTime();
  if (!db.prepare('SELECT 1 FROM sales WHERE business_day = ?').get(day)) {
    writeTx(db, () => {
      let invoice = (db.prepare("SELECT COALESCE(MAX(invoice_no), 0) AS n FROM sales WHERE terminal_id = 'T01'").get() as { n: number }).n;
      for (let i = 0; i < 30; i++) {
        const at = new Date(start + (10 * 60 + i * 17) * 60_000).toISOString();
        const total = 1_000 + d * 37 + i * 101;
        sale.run(`s-${day}-${i}`, total, Math.round((total * 5) / 105), ++invoice, at, at, day);
        tender.run(`s-${day}-${i}`, total, at);
      }
    });
  }
  if (db.prepare('SELECT 1 FROM z_open').get()) {
    const z = await closeDay(db, { terminalId: 'T01', actor, countedCash: money(100_000), link: null, now: new Date(start + 23 * 3_600_000) });
    process.stdout.write(`closed ${z.number}\n`);
  }
}
process.stdout.write('done\n');
