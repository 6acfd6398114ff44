// The `microfactory` CLI as a user meets it (node dist/cli.js): bad input is exit 2 and one clear
// line on stderr with no stack trace; plan, domains, check and a short Hanoi run work end to end.
//
// Every command is spawned up front, concurrently, in `before`: each case only awaits its own
// result, so the suite stays fast on a busy machine.
import assert from 'node:assert/strict';
import { cliPool, ensureCliBuilt, oneLineUsageError, type CliResult } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const GOOD_3 = 'Disk 1 moves counter-clockwise for odd N.\nmove = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]\n';

describe('cli: errors and end-to-end commands (dist/cli.js)', function () {
  this.timeout(60000);
  let tmp: TmpDir;
  const results: Record<string, Promise<CliResult>> = {};

  before(function () {
    this.timeout(180000);
    ensureCliBuilt();
    tmp = makeTmpDir('mf-cli-');

    const badYaml = tmp.write('bad.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '       prompt_template: "t\\n"', ''].join('\n'));
    const missingTemplate = tmp.write('missing.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: prompts/nowhere.hbs', ''].join('\n'));
    const zodBad = tmp.write('zod.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: "t\\n"', '        k: 0', ''].join('\n'));
    const jsonl = [
      JSON.stringify({ text: GOOD_3 }),
      JSON.stringify({ text: GOOD_3, finish: 'length' }),
    ].join('\n') + '\n';

    const cases: Record<string, [string[], string?]> = {
      // The two runs first: they take longest.
      runHanoi4: [['run', '--domain', 'hanoi', '--disks', '4', '--json', '-q']],
      runK1: [['run', '--domain', 'hanoi', '--disks', '6', '--k', '1', '--error-rate', '0.3', '--seed', '3', '--json', '-q']],
      badYamlRun: [['run', '--domain', 'x', '--prompt', 'p', '--config', badYaml]],
      zodDomains: [['domains', '--config', zodBad]],
      unknownDomainRun: [['run', '--domain', 'nope', '--prompt', 'p']],
      unknownDomainCheck: [['check', '--domain', 'nope'], GOOD_3],
      missingTemplate: [['run', '--domain', 'x', '--prompt', 'p', '--config', missingTemplate]],
      kZero: [['run', '--domain', 'hanoi', '--disks', '3', '--k', '0']],
      kX: [['run', '--domain', 'hanoi', '--disks', '3', '--k', 'x']],
      unknownCommand: [['frobnicate']],
      unknownFlag: [['run', '--domain', 'hanoi', '--frobnicate']],
      planText: [['plan', '--error-rate', '0.0022', '--steps', '1048575', '--target', '0.95']],
      planJson: [['plan', '--error-rate', '0.0022', '--steps', '1048575', '--target', '0.95', '--json']],
      planMissing: [['plan', '--steps', '100']],
      domainsJson: [['domains', '--json']],
      checkGood: [['check', '--domain', 'hanoi', '--disks', '3'], GOOD_3],
      checkBad: [['check', '--domain', 'hanoi', '--disks', '3'], 'move = [1, 0]\nnext_state = [[3, 2], [], [1]]\n'],
      checkJsonl: [['check', '--domain', 'hanoi', '--disks', '3', '--jsonl'], jsonl],
      checkJsonlBad: [['check', '--domain', 'hanoi', '--disks', '3', '--jsonl'], 'not json\n'],
    };
    // Each command gets its own fresh MICROFACTORY_HOME (its own store).
    const run = cliPool(4);
    for (const [name, [args, input]] of Object.entries(cases)) results[name] = run(args, { home: tmp.mkdir(`home-${name}`), input });
  });

  after(async () => {
    await Promise.allSettled(Object.values(results));
    tmp?.cleanup();
  });

  describe('usage and config errors: exit 2, one line, no stack trace', () => {
    it('malformed YAML names the file and the line (run)', async () => {
      const line = oneLineUsageError(await results.badYamlRun);
      assert.match(line, /bad\.yaml:6:\d+: invalid YAML/);
    });

    it('a schema error names file:line:col and the field', async () => {
      const line = oneLineUsageError(await results.zodDomains);
      assert.match(line, /zod\.yaml:7:12: domains\.x\.agents\.solver\.k: /);
    });

    it('an unknown domain lists code, analysis, hanoi (run)', async () => {
      const line = oneLineUsageError(await results.unknownDomainRun);
      assert.match(line, /'nope'/);
      assert.match(line, /code, analysis, hanoi/);
    });

    it('an unknown domain lists the domains (check)', async () => {
      const line = oneLineUsageError(await results.unknownDomainCheck);
      assert.match(line, /code, analysis, hanoi/);
    });

    it('a missing template names its path', async () => {
      const line = oneLineUsageError(await results.missingTemplate);
      assert.ok(line.includes('prompts/nowhere.hbs'), line);
      assert.match(line, /missing\.yaml:6:\d+: domains\.x\.agents\.solver\.prompt_template: /);
    });

    it('--k 0', async () => {
      assert.match(oneLineUsageError(await results.kZero), /--k must be an integer \(at least 1, at most 1000\), got '0'/);
    });

    it('--k x', async () => {
      assert.match(oneLineUsageError(await results.kX), /--k must be an integer.*got 'x'/);
    });

    it('an unknown command lists the commands', async () => {
      const line = oneLineUsageError(await results.unknownCommand);
      assert.match(line, /unknown command 'frobnicate'/);
      assert.match(line, /run, resume, status/);
    });

    it('an unknown flag', async () => {
      assert.match(oneLineUsageError(await results.unknownFlag), /--frobnicate/);
    });

    it('plan without --error-rate', async () => {
      assert.match(oneLineUsageError(await results.planMissing), /plan needs --error-rate and --steps/);
    });

    it('bad JSON lines for check --jsonl name the line', async () => {
      assert.match(oneLineUsageError(await results.checkJsonlBad), /stdin line 1: /);
    });
  });

  describe('plan', () => {
    it("prints k_min = 3 for the paper's example", async () => {
      const r = await results.planText;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^k_min = 3\b/m);
      assert.match(r.stdout, /expected samples: 3\.01\d per step/);
    });

    it('--json gives k_min 3', async () => {
      const r = await results.planJson;
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.k_min, 3);
      assert.equal(j.solvable, true);
      assert.equal(j.steps, 1048575);
      assert.ok(j.p_full >= 0.95);
    });
  });

  describe('domains', () => {
    it('--json lists the shipped domains', async () => {
      const r = await results.domainsJson;
      assert.equal(r.code, 0, r.stderr);
      const { domains } = JSON.parse(r.stdout) as { domains: { name: string; flow: string; vote: string; agents: Record<string, { model: string; k: number }> }[] };
      assert.deepEqual(domains.map((d) => d.name).sort(), ['analysis', 'code', 'hanoi', 'hanoi-compact']);
      const hanoi = domains.find((d) => d.name === 'hanoi')!;
      assert.equal(hanoi.flow, 'chain');
      assert.equal(hanoi.vote, 'exact');
      assert.equal(hanoi.agents.solver.k, 3);
    });
  });

  describe('check', () => {
    it('a good response is not flagged and has its canonical key', async () => {
      const r = await results.checkGood;
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      assert.deepEqual(JSON.parse(lines[0]), { flagged: false, flags: [], key: 'move=[1, 0, 2] next_state=[[3, 2], [], [1]]' });
    });

    it('a malformed response is flagged with a format reason', async () => {
      const r = await results.checkBad;
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.flagged, true);
      assert.equal(j.key, null);
      assert.deepEqual(j.flags, [{ flagger: 'format', reason: 'move must be exactly 3 integers: [1, 0]' }]);
    });

    it('--jsonl: one output line per input line; a truncated one is flagged by length', async () => {
      const r = await results.checkJsonl;
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 2);
      assert.equal(lines[0].flagged, false);
      assert.equal(lines[0].key, 'move=[1, 0, 2] next_state=[[3, 2], [], [1]]');
      assert.equal(lines[1].flagged, true);
      assert.equal(lines[1].key, null);
      assert.deepEqual(lines[1].flags.map((f: { flagger: string }) => f.flagger), ['length']);
      assert.match(lines[1].flags[0].reason, /truncated at max_tokens=750/);
    });
  });

  describe('run (simulated model)', () => {
    it('hanoi with 4 disks completes: 15 steps, solved, 0 illegal moves (independent replay)', async () => {
      const r = await results.runHanoi4;
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.status, 'completed');
      assert.equal(j.steps_completed, 15);
      assert.equal(j.steps_total, 15);
      assert.deepEqual(j.check, { moves: 15, illegal: 0, solved: true });
      assert.ok(j.samples_per_step >= 3, `samples per step ${j.samples_per_step}`);
      assert.equal(r.stderr, '', 'quiet (-q) prints nothing on stderr');
    });

    it('--k 1 at a 30% error rate fails a 6-disk puzzle: exit 1, not solved', async () => {
      const r = await results.runK1;
      assert.equal(r.code, 1, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.status, 'failed');
      assert.equal(j.check.solved, false);
      assert.ok(j.check.illegal > 0);
      assert.match(j.error, /not solved/);
      assert.equal(j.samples_per_step, 1);
    });
  });
});
