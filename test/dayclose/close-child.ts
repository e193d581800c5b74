// Child process for the crash test: closes every business day that has no Z report yet, one after
// another, printing "closed <number>" after each commit, until killed.
import { openDb } from '../../app/store/db.ts';
import { money } from '../../app/domain/money.ts';
import { closeDay } from '../../app/dayclose/close.ts';

const [file, managerId] = process.argv.slice(2);
const db = openDb(file!);
const days = (db.prepare("SELECT DISTINCT business_day AS d FROM sales WHERE business_day NOT IN (SELECT business_day FROM z_reports WHERE terminal_id = 'T01') ORDER BY 1").all() as { d: string }[]).map((r) => r.d);
const actor = { id: managerId!, name: 'Aisha', role: 'manager' as const };
for (const day of days) {
  const z = await closeDay(db, { terminalId: 'T01', actor, countedCash: money(100_000), day, link: null, now: new Date('2027-01-01T00:00:00Z') });
  process.stdout.write(`closed ${z.number}\n`);
}
process.stdout.write('done\n');
