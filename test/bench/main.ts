// `npm run bench [-- --json] [-- --only NAME]`: runs the benchmark groups, prints a table, and
// with --json one JSON object of every figure as the last line.
import { parseArgs } from 'node:util';
import { groups } from './groups/index.ts';

const usage = `Usage: npm run bench [-- [--json] [--only GROUP]...]; groups: ${groups.map((g) => g.name).join(', ')}`;
let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: { json: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
    strict: true,
  });
} catch (err) {
  // A mistyped option is the person's to fix: say which and how, not a stack.
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
const { values } = parsed;

const chosen = values.only?.length ? groups.filter((g) => values.only!.includes(g.name)) : groups;
if (values.only?.length && chosen.length !== values.only.length) {
  const known = groups.map((g) => g.name).join(', ');
  console.error(`Unknown group in --only ${values.only.join(', ')}; groups: ${known}`);
  process.exit(2);
}

const figures: Record<string, number> = {};
for (const g of chosen) {
  const started = performance.now();
  const out = await g.run();
  Object.assign(figures, out);
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${g.name} — ${g.summary} (${took} s)`);
  const width = Math.max(...Object.keys(out).map((k) => k.length), 8);
  for (const [k, v] of Object.entries(out)) console.log(`  ${k.padEnd(width)}  ${Number.isInteger(v) ? v : v.toFixed(3)}`);
}
if (values.json) console.log(JSON.stringify(figures));
