// `run -o/--output-dir` (the original tool's output folder, ours the repository a code run
// writes), `--inspect files`, and `help` in text and JSON, on the real CLI process.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { COMMAND_FLAGS } from '../../../src/cli/commandFlags';
import { GLOBAL_FLAGS } from '../../../src/cli/globals';
import { HELP_TOPICS, topicJson } from '../../../src/cli/help';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { writeCodeConfig } from '../../support/codeDomain';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const HELLO = 'console.log("hi");\nconsole.log("bye");\n';

describe('cli: run -o/--output-dir, --inspect files, help', function () {
  this.timeout(120_000);
  let home: TmpDir;

  before(() => ensureCliBuilt());
  beforeEach(() => (home = makeTmpDir('mf-output-')));
  afterEach(() => home.cleanup());

  /** A code run on scripted models that writes hello.js, with no verifier to run. */
  function codeRun(extra: string[]): string[] {
    const config = writeCodeConfig(home.path, (code) => {
      delete code.verifier;
    });
    const script = home.write('script.yaml', stringify({
      decomposition: [{ text: 'ATOMIC', repeat: true }],
      solver: [{ text: `Here it is.\n<file path="hello.js">\n${HELLO}</file>`, repeat: true }],
      solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
    }));
    return ['run', '--domain', 'code', '--prompt', 'Write hello.js that prints hi and bye', '--config', config, '--llm-provider', 'scripted', '--script', script, ...extra];
  }

  it('-o DIR creates the folder and writes the winning <file> blocks there; --inspect files lists them', async () => {
    const out = join(home.path, 'generated', 'out');
    const r = await runCli(codeRun(['-o', out]), { home: home.path });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(readFileSync(join(out, 'hello.js'), 'utf8'), HELLO);

    const out2 = join(home.path, 'second');
    const files = await runCli(codeRun(['--output-dir', out2, '--inspect', 'files']), { home: home.path });
    assert.equal(files.code, 0, files.stderr);
    assert.match(files.stdout, /^#\d+ solver scripted\/\S+: 1 file\(s\)\n {2}hello\.js {2}2 lines {2}console\.log\("hi"\);$/m);
    assert.equal(readFileSync(join(out2, 'hello.js'), 'utf8'), HELLO);
  });

  it('-o with a different --repo-path is a one-line usage error before any session exists', async () => {
    const r = await runCli(codeRun(['-o', join(home.path, 'a'), '--repo-path', join(home.path, 'b')]), { home: home.path });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--output-dir .* and --repo-path .* name different folders/);
    assert.ok(!existsSync(join(home.path, 'a')), 'nothing created');
    const status = await runCli(['status', '--json'], { home: home.path });
    assert.deepEqual(JSON.parse(status.stdout).sessions, []);
  });

  it('help: overview by default (exit 0), a topic as text, an unknown topic is exit 2 in one line', async () => {
    const overview = await runCli(['help'], { home: home.path });
    assert.equal(overview.code, 0);
    assert.match(overview.stdout, /^microfactory — long tasks/);
    assert.match(overview.stdout, /--inspect MODE/);
    const run = await runCli(['help', '--topic', 'run'], { home: home.path });
    assert.equal(run.code, 0);
    for (const name of Object.keys(COMMAND_FLAGS.run)) assert.match(run.stdout, new RegExp(`--${name}\\b`), `run help lacks --${name}`);
    assert.match(run.stdout, /-o, --output-dir DIR/);
    assert.equal((await runCli(['run', '--help'], { home: home.path })).stdout, run.stdout, 'run --help is the same text');
    const bad = await runCli(['help', '--topic', 'nope'], { home: home.path });
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "microfactory help: unknown help topic 'nope'; topics: overview, run, resume, status, delete, archive, unarchive, subprocess, serve, mcp, doctor\n");
  });

  it('help --format json: a stable shape listing exactly the flags the run parser knows', async () => {
    const r = await runCli(['help', '--topic', 'run', '--format', 'json'], { home: home.path });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as ReturnType<typeof topicJson>;
    assert.deepEqual(Object.keys(doc), ['topic', 'summary', 'usage', 'description', 'flags', 'global_flags']);
    assert.equal(doc.topic, 'run');
    assert.deepEqual(doc.flags.map((f) => f.name).sort(), [...Object.keys(COMMAND_FLAGS.run), 'help'].sort());
    assert.deepEqual(doc.global_flags.map((f) => f.name), Object.keys(GLOBAL_FLAGS));
    const o = doc.flags.find((f) => f.name === 'output-dir')!;
    assert.deepEqual({ short: o.short, type: o.type, value: o.value }, { short: 'o', type: 'string', value: 'DIR' });
    assert.equal(doc.flags.find((f) => f.name === 'max-concurrent-llm')!.default, 4);
  });

  it('every flag of every help topic has a description (a flag added to a parser without one fails here)', () => {
    for (const topic of HELP_TOPICS) {
      const doc = topicJson(topic);
      for (const f of [...doc.flags, ...doc.global_flags]) assert.ok(f.description.length > 0, `${topic}: --${f.name} has no description`);
    }
  });
});
