// The CLI (node dist/cli.js) with a user's config from the original tool: a `code` run with the
// original-format fixture, found as ./config.yaml in the current folder (no --config), completes
// against the local OpenAI-compatible server; bounded reads and YAML alias errors are one line
// naming the file, exit 2, before any session exists.
import assert from 'node:assert/strict';
import { cliPool, ensureCliBuilt, oneLineUsageError, runCli, type CliResult } from '../../support/cliRun';
import { LlmServer } from '../../support/llmServer';
import { copyOriginalFixture, ORIGINAL_TASK, originalModel, SUBTASKS, type SeenPrompt } from '../../support/originalModel';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('cli: configs from the original tool (dist/cli.js)', function () {
  this.timeout(90_000);
  let tmp: TmpDir;
  let server: LlmServer;
  const seen: SeenPrompt[] = [];
  const results: Record<string, Promise<CliResult>> = {};

  before(async function () {
    this.timeout(180_000);
    ensureCliBuilt();
    tmp = makeTmpDir('mf-cli-original-');
    server = await LlmServer.start({ answer: originalModel(seen) });
    const project = tmp.mkdir('project');
    copyOriginalFixture(project);
    const mine = tmp.mkdir('mine');
    tmp.write('mine/config.yaml', 'domains:\n  mine:\n    agents:\n      solver:\n        prompt_template: "Do {{prompt}}\\n"\n        model: m\n');
    const empty = tmp.mkdir('empty');
    const zeroTemplate = tmp.write('zero/config.yaml', 'domains:\n  x:\n    agents:\n      solver:\n        model: m\n        prompt_template: /dev/zero\n');
    const noAnchor = tmp.write('alias/config.yaml', 'domains:\n  x:\n    agents:\n      solver: *nope\n');
    const bomb = tmp.write('bomb/config.yaml', [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'domains: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
      '',
    ].join('\n'));
    const http = ['--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--api-key', 'test-key'];
    const cases: Record<string, [string[], string]> = {
      codeRun: [['run', '--domain', 'code', '--prompt', ORIGINAL_TASK, ...http, '--json', '-q'], project],
      domainsHere: [['domains', '--json'], mine],
      domainsExplicit: [['domains', '--json', '--config', `${project}/config.yaml`], mine],
      domainsBundled: [['domains', '--json'], empty],
      configZero: [['run', '--domain', 'x', '--prompt', 'p', '--config', '/dev/zero'], empty],
      templateZero: [['run', '--domain', 'x', '--prompt', 'p', '--config', zeroTemplate], empty],
      scriptZero: [['run', '--domain', 'code', '--prompt', 'p', '--config', `${project}/config.yaml`, '--llm-provider', 'scripted', '--script', '/dev/zero'], empty],
      noAnchor: [['run', '--domain', 'x', '--prompt', 'p', '--config', noAnchor], empty],
      bomb: [['domains', '--config', bomb], empty],
    };
    const run = cliPool(3);
    // timeoutMs: before the bounded reads, /dev/zero grew the process to ~10 GB; do not wait for that.
    for (const [name, [args, cwd]] of Object.entries(cases)) results[name] = run(args, { home: tmp.mkdir(`home-${name}`), cwd, timeoutMs: 30_000 });
  });

  after(async () => {
    await Promise.allSettled(Object.values(results));
    await server?.close();
    tmp?.cleanup();
  });

  it('a code run with the original-format config in ./config.yaml completes against the local server', async () => {
    const r = await results.codeRun;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.status, 'completed', r.stdout);
    const solves = seen.filter((s) => s.role === 'solve');
    for (const t of SUBTASKS) assert.ok(solves.some((s) => s.prompt.includes(t)), `no solve prompt carried "${t}"`);
    assert.ok(seen.some((s) => s.role === 'critique'), 'the llm_critique flagger ran');
  });

  it('--config defaults to ./config.yaml when the current folder has one, else the bundled config', async () => {
    const names = async (name: string) => {
      const r = await results[name];
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { domains: { name: string }[] }).domains.map((d) => d.name).sort();
    };
    assert.deepEqual(await names('domainsHere'), ['mine']);
    assert.deepEqual(await names('domainsExplicit'), ['analysis', 'code']);
    assert.deepEqual(await names('domainsBundled'), ['analysis', 'code', 'hanoi', 'hanoi-compact']);
  });

  describe('bounded reads: only regular files, at most 4 MiB, exit 2 naming the file and the cap', () => {
    it('--config /dev/zero', async () => {
      const line = oneLineUsageError(await results.configZero);
      assert.match(line, /\/dev\/zero: cannot read config: not a regular file \(a character device\); only regular files of at most 4 MiB are read$/);
    });

    it('prompt_template: /dev/zero names the config line too', async () => {
      const line = oneLineUsageError(await results.templateZero);
      assert.match(line, /zero\/config\.yaml:6:26: domains\.x\.agents\.solver\.prompt_template: \/dev\/zero: cannot read the prompt template: not a regular file .* 4 MiB/);
    });

    it('--script /dev/zero, and no session was created', async () => {
      const line = oneLineUsageError(await results.scriptZero);
      assert.match(line, /\/dev\/zero: cannot read the script: not a regular file .* 4 MiB/);
      const status = await runCli(['status', '--json'], { home: tmp.mkdir('home-scriptZero') });
      assert.deepEqual(JSON.parse(status.stdout).sessions, []);
    });
  });

  describe('YAML alias errors: exit 2, file:line', () => {
    it('an alias without an anchor', async () => {
      const line = oneLineUsageError(await results.noAnchor);
      assert.match(line, /alias\/config\.yaml:4:15: invalid YAML: alias \*nope has no anchor &nope before it$/);
    });

    it('an alias bomb (billion laughs) is refused at the alias that expands most', async () => {
      const line = oneLineUsageError(await results.bomb);
      assert.match(line, /bomb\/config\.yaml:6:\d+: invalid YAML: alias \*e expands to \d+ nodes/);
    });
  });
});
