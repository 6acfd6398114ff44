// `npm run test:chaos`: the chaos suite against the real CLI (dist/cli.js). Prints a line per case
// as it finishes, then the table (case | outcome | steps lost | paid twice | silent) and one JSON
// line. Exit 0 when every row is 0 / 0 / no (and the budget's spend ratio holds), else 1.
//   node out/test/chaos/main.js [--fast] [--only REGEX]   (REGEX on kills, damage, live, budget, fault-<kind>)
import { parseArgs } from 'node:util';
import { ensureCliBuilt } from '../support/cliRun';
import { runSuite } from './suite';
import { jsonLine, renderTable, rowOk } from './table';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { fast: { type: 'boolean' }, only: { type: 'string' } } });
  ensureCliBuilt();
  const t0 = Date.now();
  const rows = await runSuite(values.fast ? 'fast' : 'full', values.only ? new RegExp(values.only) : undefined, (r) =>
    process.stderr.write(`${rowOk(r) ? 'ok  ' : 'FAIL'} ${r.case}: ${r.outcome} (${(r.ms / 1000).toFixed(1)} s)\n`),
  );
  process.stdout.write(`\n${renderTable(rows)}\n\n${jsonLine(rows, Date.now() - t0)}\n`);
  return rows.every(rowOk) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos suite: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
