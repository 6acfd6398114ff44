// The original tool's observability flags on the real CLI process (dist/cli.js): -v, --log-json
// (--pretty/--compact), --inspect in its four modes, and the session log file every run leaves,
// on the simulated model and over HTTP against a local OpenAI-compatible server with a key.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { LlmServer } from '../../support/llmServer';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';
import { SimulatedClient } from '../../../src/llm/simulated';

const HANOI = ['run', '--domain', 'hanoi', '--disks', '2', '--llm-provider', 'simulated'];
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/** Indented JSON objects one after another: each starts with "{" at the start of a line. */
function prettyObjects(stdout: string): Record<string, any>[] {
  return stdout.split(/\n(?=\{)/).filter((s) => s.trim()).map((s) => JSON.parse(s));
}

/** A local OpenAI-compatible server answering Hanoi steps like the simulated model, unless `first` has its own answer. */
function hanoiServer(first: (prompt: string) => string | undefined): Promise<LlmServer> {
  const solver = new SimulatedClient({ errorRate: 0, seed: 1 });
  return LlmServer.start({
    answer: async (prompt, ctx) => first(prompt) ?? (await solver.complete({ provider: 'simulated', model: ctx.model, role: 'solver', prompt, system: ctx.system, temperature: 0, maxTokens: 750 })).text,
  });
}

describe('cli: observability flags (-v, --log-json, --inspect, session log)', function () {
  this.timeout(120_000);
  let home: TmpDir;

  before(() => ensureCliBuilt());
  beforeEach(() => (home = makeTmpDir('mf-observe-')));
  afterEach(() => home.cleanup());

  it('-v before the command and --verbose after it print every event with a timestamp on stderr', async () => {
    for (const args of [['-v', ...HANOI], [...HANOI, '--verbose']]) {
      const r = await runCli(args, { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.ok(lines.every((l) => TIMESTAMP.test(l)), r.stderr);
      for (const type of ['session_started', 'step_started', 'sample_drawn', 'vote_decided', 'step_completed', 'llm_call', 'session_finished']) {
        assert.ok(lines.some((l) => l.includes(` ${type} `)), `no ${type} line`);
      }
      assert.ok(lines.some((l) => / debug sample_drawn /.test(l)), 'samples are debug level');
      assert.match(r.stdout, /session \S+ completed/, 'the summary is still printed');
    }
  });

  it('--log-json --compact: one JSON object per stdout line, events, calls and the summary with the log file', async () => {
    const r = await runCli(['--log-json', '--compact', ...HANOI], { home: home.path });
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    assert.ok(records.every((x) => typeof x.ts === 'string' && typeof x.level === 'string' && typeof x.type === 'string'));
    const types = records.map((x) => x.type);
    assert.equal(types.filter((t) => t === 'step_completed').length, 3);
    assert.equal(types.filter((t) => t === 'llm_call').length, types.filter((t) => t === 'sample_drawn').length);
    const summary = records.at(-1)!;
    assert.equal(summary.type, 'summary');
    assert.equal(summary.status, 'completed');
    assert.equal(summary.log_file, join(home.path, 'logs', `session-${summary.session_id}.log`));
    assert.ok(existsSync(summary.log_file));
  });

  it('--log-json is indented by default (and with --pretty), a stream of whole JSON objects', async () => {
    for (const extra of [[], ['--pretty']]) {
      const r = await runCli([...HANOI, '--log-json', ...extra], { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\{\n {2}"ts": /);
      const records = prettyObjects(r.stdout);
      assert.equal(records[0].type, 'session_started');
      assert.equal(records.at(-1)!.type, 'summary');
    }
  });

  it('--inspect ops replaces the output with one line per model call; messages prints a transcript', async () => {
    const ops = await runCli(['--inspect', 'ops', ...HANOI, '--json'], { home: home.path });
    assert.equal(ops.code, 0, ops.stderr);
    const lines = ops.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 9, 'k=3, unanimous: 3 calls for each of the 3 steps');
    for (const l of lines) assert.match(l, /^#\d+ solver model=\S+ provider=simulated in=\d+ out=\d+ latency=\d+ms finish=stop$/);
    assert.equal(ops.stderr, '', 'no progress, no summary');

    const messages = await runCli([...HANOI, '--disks', '1', '--inspect', 'messages'], { home: home.path });
    assert.equal(messages.code, 0, messages.stderr);
    assert.match(messages.stdout, /^=== #1 solver · simulated\/\S+ · system ===\nYou are solving the Towers of Hanoi/);
    assert.match(messages.stdout, /=== #1 solver · simulated\/\S+ · user ===\n[\s\S]*Current state: \[\[1\], \[\], \[\]\]/);
    assert.match(messages.stdout, /=== #3 solver · simulated\/\S+ · assistant \(\d+ tokens, \d+ ms, stop\) ===\n[\s\S]*move = \[1, 0, 2\]/);
  });

  it('--inspect payloads over HTTP: request and answer JSON, the key redacted there and in the log file', async () => {
    // A key no shape rule knows, so only the --api-key value tells the redactor; the server
    // echoes it in its first answers (a careless proxy), which the format red flag rejects.
    const key = 'mf-local-unshaped-key-0123456789';
    let calls = 0;
    const server = await hanoiServer(() => (++calls <= 2 ? `cannot answer, your key is ${key}` : undefined));
    try {
      const r = await runCli(
        ['run', '--domain', 'hanoi', '--disks', '1', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--llm-model', 'local', '--api-key', key, '--inspect', 'payloads', '--compact'],
        { home: home.path, env: { OPENAI_API_KEY: '' } },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.ok(server.requests.every((q) => q.headers.authorization === `Bearer ${key}`), 'the key was sent');
      const payloads = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.equal(payloads.length, server.total);
      assert.equal(payloads[0].request.model, 'local');
      assert.equal(payloads[0].request.provider, 'openai-compatible');
      assert.match(payloads[0].request.prompt, /Current state: \[\[1\], \[\], \[\]\]/);
      assert.equal(payloads[0].response.text, 'cannot answer, your key is [redacted]');
      assert.ok(payloads.some((p) => /move = \[1, 0, 2\]/.test(p.response.text)));
      assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), 'the key is never printed');

      const logs = join(home.path, 'logs');
      const [name] = readdirSync(logs);
      const log = readFileSync(join(logs, name), 'utf8');
      assert.match(log, / warn  red_flagged .*\[redacted\]/, 'the red flag\'s preview held the key');
      assert.match(log, / debug llm_call \{"provider":"openai-compatible","model":"local"/);
      assert.ok(!log.includes(key), 'no key in the log file');
    } finally {
      await server.close();
    }
  });

  it('--dry-run\'s probe call is part of the traffic: shown by --inspect and counted in the session log', async () => {
    // The probe asks for one word; a Hanoi-only server would fail it.
    const server = await hanoiServer((prompt) => (prompt.startsWith('Reply with the single word') ? 'ready' : undefined));
    try {
      const r = await runCli(
        ['run', '--domain', 'hanoi', '--disks', '1', '--dry-run', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--llm-model', 'local', '--api-key', 'sk-local-0123456789', '--inspect', 'payloads', '--compact'],
        { home: home.path, env: { OPENAI_API_KEY: '' } },
      );
      assert.equal(r.code, 0, r.stderr);
      const payloads = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.equal(payloads.length, server.total);
      assert.equal(payloads[0].request.prompt, 'Reply with the single word: ready');
      const logs = join(home.path, 'logs');
      const log = readFileSync(join(logs, readdirSync(logs)[0]), 'utf8');
      assert.equal(log.match(/ llm_call /g)?.length, server.total);
    } finally {
      await server.close();
    }
  });

  it('always writes the session log, whatever the view, and the summary says where', async () => {
    const r = await runCli([...HANOI, '--quiet'], { home: home.path });
    assert.equal(r.code, 0, r.stderr);
    const where = /^log: (.+)$/m.exec(r.stdout);
    assert.ok(where, r.stdout);
    const id = /^session (\S+) completed/m.exec(r.stdout)![1];
    assert.equal(where[1], join(home.path, 'logs', `session-${id}.log`));
    const lines = readFileSync(where[1], 'utf8').trimEnd().split('\n');
    assert.ok(lines.every((l) => TIMESTAMP.test(l)));
    const count = (type: string) => lines.filter((l) => l.includes(` ${type} `)).length;
    assert.equal(count('session_started'), 1);
    assert.equal(count('step_completed'), 3);
    assert.equal(count('llm_call'), 9);
    assert.equal(count('session_finished'), 1);

    const inspected = await runCli([...HANOI, '--inspect', 'ops'], { home: home.path });
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.equal(readdirSync(join(home.path, 'logs')).length, 2, 'a second log for the --inspect run');
  });
});
