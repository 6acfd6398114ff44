// The one mocha suite both runners load (code-server offline, @vscode/test-electron where
// VS Code can be downloaded): VS Code calls run() inside the extension host and ends the
// session when its promise settles. It collects out/test/integration/suite/**/*.test.js.
import Mocha from 'mocha';
import { readdirSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findTests(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []))
    .sort();
}

/**
 * A tiny reporter that writes to MICROFACTORY_TEST_OUTPUT when set (the code-server runner
 * streams that file: the remote extension host's stdout reaches nobody) and to the console.
 */
function makeReporter(outFile: string | undefined): typeof Mocha.reporters.Base {
  const write = (line: string): void => {
    if (outFile) appendFileSync(outFile, line + '\n');
    console.log(line);
  };
  if (outFile) writeFileSync(outFile, '');
  return class FileReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      let depth = 0;
      const pad = (): string => '  '.repeat(depth);
      runner.on('suite', (s) => {
        if (s.title) write(`${pad()}${s.title}`);
        depth++;
      });
      runner.on('suite end', () => depth--);
      runner.on('pass', (t) => write(`${pad()}✓ ${t.title} (${t.duration ?? 0} ms)`));
      runner.on('pending', (t) => write(`${pad()}- ${t.title} (pending)`));
      runner.on('fail', (t, err: Error) => write(`${pad()}✗ ${t.title}\n${pad()}  ${(err.stack ?? err.message).split('\n').join(`\n${pad()}  `)}`));
      runner.once('end', () => {
        const s = this.stats;
        write(`\n${s.passes} passing, ${s.failures} failing, ${s.pending} pending (${s.duration ?? 0} ms)`);
      });
    }
  };
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: 120_000,
    // Tests share one extension host and one store: order matters less than isolation, but
    // running them one by one keeps the host's output readable.
    reporter: makeReporter(process.env.MICROFACTORY_TEST_OUTPUT || undefined),
    grep: process.env.MICROFACTORY_TEST_GREP || undefined,
  });
  for (const f of findTests(join(__dirname, 'suite'))) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
