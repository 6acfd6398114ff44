// config.yaml: YAML with positions -> zod -> templates. Every problem is one ConfigError line
// that starts with file:line:col and names the field; templates are inline text or paths.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ConfigError } from '../../../src/config/errors';
import { getDomain, loadConfig } from '../../../src/config/load';
import type { LoadedConfig } from '../../../src/engine/config';
import { render } from '../../../src/engine/template';
import { REPO_ROOT } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

/** Loads `file` expecting a ConfigError; returns its message. */
function configError(file: string): string {
  try {
    loadConfig(file);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${(e as Error)?.stack ?? String(e)}`);
    const msg = (e as Error).message;
    assert.ok(!msg.includes('\n'), `a config error is one line: ${JSON.stringify(msg)}`);
    return msg;
  }
  assert.fail(`${file} loaded without an error`);
}

/** Asserts msg starts with `<file>:<line>:<col>: ` and returns [line, col]. */
function position(msg: string, file: string): [number, number] {
  assert.ok(msg.startsWith(file + ':'), `${JSON.stringify(msg)} does not start with ${file}:`);
  const m = /^:(\d+):(\d+): /.exec(msg.slice(file.length));
  assert.ok(m, `${JSON.stringify(msg)} has no line:col after the file name`);
  return [Number(m[1]), Number(m[2])];
}

/** A minimal valid domain whose solver agent gets `agentExtra` lines (8-space indent). */
function oneDomain(agentExtra = ''): string {
  return ['domains:', '  x:', '    agents:', '      solver:', '        prompt_template: "Solve {{task}}\\n"', '        model: m', agentExtra].join('\n') + '\n';
}

describe('config loader', () => {
  let tmp: TmpDir;
  beforeEach(() => {
    tmp = makeTmpDir('mf-config-');
  });
  afterEach(() => tmp.cleanup());

  describe('the shipped config.yaml', () => {
    let config: LoadedConfig;
    before(() => {
      config = loadConfig(path.join(REPO_ROOT, 'config.yaml'));
    });

    it('has the domains code, analysis, hanoi and hanoi-compact', () => {
      assert.deepEqual(Object.keys(config.domains).sort(), ['analysis', 'code', 'hanoi', 'hanoi-compact']);
    });

    it('hanoi-compact runs the bundled tiny model on the local provider, sampling at 1.3 with the filters off', () => {
      const d = getDomain(config, 'hanoi-compact');
      assert.deepEqual(d.chain, { task: 'hanoi', disks: 6 });
      const solver = d.agents.solver!;
      assert.equal(solver.provider, 'local');
      assert.equal(solver.model, 'models/hanoi-tiny.gguf');
      assert.deepEqual(solver.temperature, { first: 1.3, later: 1.3 });
      assert.deepEqual(solver.sampling, { topK: 0, topP: 1, minP: 0, seed: 'random' });
      assert.equal(render(solver.template, { disks: 6, previous_move: 'None', current_state: '[[6, 5, 4, 3, 2, 1], [], []]' }), 'n=6 prev=None state=[[6, 5, 4, 3, 2, 1], [], []]\n');
    });

    it('hanoi is a chain with an exact vote, the paper settings and the templates loaded', () => {
      const h = getDomain(config, 'hanoi');
      assert.equal(h.flow, 'chain');
      assert.equal(h.vote, 'exact');
      assert.deepEqual(h.chain, { task: 'hanoi', disks: 10 });
      const solver = h.agents.solver!;
      assert.equal(solver.k, 3);
      assert.equal(solver.maxTokens, 750);
      assert.deepEqual(solver.temperature, { first: 0, later: 0.1 });
      assert.deepEqual(solver.redFlaggers.map((f) => f.type), ['length', 'format']);
      assert.match(solver.template, /move = \[disk id, from peg, to peg\]/);
      assert.ok(solver.templateSource.endsWith(path.join('templates', 'hanoi_solver.hbs')));
      assert.ok(solver.system && solver.system.length > 0);
      assert.equal(h.limits.onVoteCap, 'pause');
    });

    it('code and analysis are tree flows with a judge vote and all four agents', () => {
      for (const name of ['code', 'analysis']) {
        const d = getDomain(config, name);
        assert.equal(d.flow, 'tree');
        assert.equal(d.vote, 'judge');
        assert.deepEqual(Object.keys(d.agents).sort(), ['decomposition', 'decomposition_discriminator', 'solution_discriminator', 'solver']);
      }
      const code = getDomain(config, 'code');
      assert.equal(code.applier, 'auto', 'the shipped code domain picks SEARCH/REPLACE or whole files by size');
      assert.deepEqual(code.verifier, { command: 'auto', auto: true, timeoutMs: 300_000 }, 'the bundled code domain detects its verifier');
      assert.equal(code.agents.solver?.repoMapTokens, 1024);
      assert.equal(code.agents.decomposition?.repoMapTokens, 1024);
      assert.equal(getDomain(config, 'analysis').agents.solver!.provider, 'anthropic');
    });

    it('getDomain with an unknown name lists the available domains', () => {
      assert.throws(
        () => getDomain(config, 'nope'),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.match((e as Error).message, /Domain 'nope' not defined/);
          assert.match((e as Error).message, /available: code, analysis, hanoi/);
          return true;
        },
      );
    });
  });

  describe('malformed YAML', () => {
    it('a mapping item at the wrong indent: file:line:col of that line', () => {
      const file = tmp.write('bad.yaml', oneDomain('       k: 2'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file)[0], 7);
      assert.match(msg, /invalid YAML/);
    });

    it('a duplicate key: the line of the second key', () => {
      const file = tmp.write('dup.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: a', '        prompt_template: "t\\n"', '        model: b', ''].join('\n'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [7, 9]);
      assert.match(msg, /unique/i);
    });

    it('a nested mapping in a compact value', () => {
      const file = tmp.write('colon.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: a: b', ''].join('\n'));
      assert.equal(position(configError(file), file)[0], 5);
    });

    it('a tab used as indentation', () => {
      const file = tmp.write('tab.yaml', 'domains:\n  x:\n\tagents: {}\n');
      assert.equal(position(configError(file), file)[0], 3);
    });

    it('an unreadable file names the path', () => {
      const file = path.join(tmp.path, 'missing.yaml');
      assert.ok(configError(file).startsWith(`${file}: cannot read config: ENOENT`));
    });
  });

  describe('schema (zod) errors name file:line:col and the dotted field', () => {
    it('k: 0', () => {
      const file = tmp.write('k0.yaml', oneDomain('        k: 0'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [7, 12]);
      assert.match(msg, /: domains\.x\.agents\.solver\.k: /);
    });

    it('top_p: 0 and seed: sometimes', () => {
      let file = tmp.write('tp.yaml', oneDomain('        top_p: 0'));
      assert.match(configError(file), /: domains\.x\.agents\.solver\.top_p: /);
      file = tmp.write('seed.yaml', oneDomain('        seed: sometimes'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [7, 15]);
      assert.match(msg, /: domains\.x\.agents\.solver\.seed: /);
    });

    it('sampling: a mode, its defaults (chain after_first, tree separate), and a typo at its line', () => {
      const ok = loadConfig(tmp.write('b.yaml', oneDomain('        sampling: batched')));
      assert.equal(getDomain(ok, 'x').agents.solver!.draws, 'batched');
      assert.equal(getDomain(loadConfig(tmp.write('d.yaml', oneDomain())), 'x').agents.solver!.draws, 'separate');
      assert.equal(getDomain(loadConfig(path.join(REPO_ROOT, 'config.yaml')), 'hanoi-compact').agents.solver!.draws, 'after_first');
      const file = tmp.write('bad.yaml', oneDomain('        sampling: batch'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [7, 19]);
      assert.match(msg, /: domains\.x\.agents\.solver\.sampling: /);
    });

    it('samples: -1', () => {
      const file = tmp.write('s.yaml', oneDomain('        samples: -1'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [7, 18]);
      assert.match(msg, /: domains\.x\.agents\.solver\.samples: /);
    });

    it('a wrong type deep in a list: red_flaggers.0.max_tokens', () => {
      const file = tmp.write('rf.yaml', oneDomain('        red_flaggers:\n          - type: length\n            max_tokens: fifty'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 9);
      assert.match(msg, /domains\.x\.agents\.solver\.red_flaggers\.0\.max_tokens: /);
    });

    it('an unknown red flagger type', () => {
      const file = tmp.write('rt.yaml', oneDomain('        red_flaggers:\n          - type: lenght'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 8);
      assert.match(msg, /red_flaggers\.0\.type: /);
    });

    it('a missing required field points at its parent', () => {
      const file = tmp.write('nomodel.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        prompt_template: "t\\n"', ''].join('\n'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 5);
      assert.match(msg, /domains\.x\.agents\.solver\.model: /);
    });

    it('an unknown key is an error naming it', () => {
      const file = tmp.write('unk.yaml', oneDomain('        frobnicate: 3'));
      const msg = configError(file);
      position(msg, file);
      assert.match(msg, /domains\.x\.agents\.solver/);
      assert.match(msg, /frobnicate/);
    });

    it('an unknown key is located at its own line and named in the dotted path', () => {
      const file = tmp.write('unk2.yaml', oneDomain('        frobnicate: 3'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 7);
      assert.match(msg, /: domains\.x\.agents\.solver\.frobnicate: /);
    });

    it('an unknown domain-level key (a typo) is not silently ignored', () => {
      const file = tmp.write('typo.yaml', oneDomain('    verifer: npm test'));
      const msg = configError(file);
      position(msg, file);
      assert.match(msg, /domains\.x/);
      assert.match(msg, /verifer/);
    });

    it('a chain domain must name its task', () => {
      const file = tmp.write('chain.yaml', oneDomain('    flow: chain'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 3);
      assert.match(msg, /domains\.x\.chain: a chain domain must name its task/);
    });

    it('an empty config and a config with no domain', () => {
      const empty = tmp.write('empty.yaml', '');
      assert.match(configError(empty), /:1:1: domains: /);
      const none = tmp.write('none.yaml', 'domains: {}\n');
      assert.match(configError(none), /:1:1: domains: no domain is defined/);
    });
  });

  describe('templates', () => {
    it('a missing template file is an error naming the path', () => {
      const file = tmp.write('c.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: prompts/solver.hbs', ''].join('\n'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [6, 26]);
      assert.match(msg, /domains\.x\.agents\.solver\.prompt_template: /);
      assert.ok(msg.includes('prompts/solver.hbs'), msg);
      assert.ok(msg.includes(path.join(tmp.path, 'prompts', 'solver.hbs')), msg);
    });

    it('a bare file name with a template extension is a path too', () => {
      const file = tmp.write('c.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: solver.hbs', ''].join('\n'));
      assert.ok(configError(file).includes(path.join(tmp.path, 'solver.hbs')));
    });

    it('template paths are relative to the config file, not the working directory', () => {
      tmp.write('sub/prompts/solver.hbs', 'From the file: {{task}}');
      const file = tmp.write('sub/c.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: prompts/solver.hbs', ''].join('\n'));
      const solver = getDomain(loadConfig(file), 'x').agents.solver!;
      assert.equal(solver.template, 'From the file: {{task}}');
      assert.equal(solver.templateSource, path.join(tmp.path, 'sub', 'prompts', 'solver.hbs'));
    });

    it('a value containing a newline is inline text', () => {
      const file = tmp.write('inline.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: |', '          Solve {{task}}.', '          Answer in <file path="a.py"> blocks.', ''].join('\n'));
      const solver = getDomain(loadConfig(file), 'x').agents.solver!;
      assert.equal(solver.template, 'Solve {{task}}.\nAnswer in <file path="a.py"> blocks.\n');
      assert.equal(solver.templateSource, '<inline>');
      assert.equal(render(solver.template, { task: 'A & B' }), 'Solve A & B.\nAnswer in <file path="a.py"> blocks.\n');
    });

    it('a single-line value that is not a path is inline text too', () => {
      const file = tmp.write('single.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: "Solve the task {{task}} now."', ''].join('\n'));
      const solver = getDomain(loadConfig(file), 'x').agents.solver!;
      assert.equal(solver.template, 'Solve the task {{task}} now.');
      assert.equal(solver.templateSource, '<inline>');
    });

    it('a Handlebars syntax error is reported with the location of the value', () => {
      const file = tmp.write('hbs.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: "Hello {{#if x}}\\n"', ''].join('\n'));
      const msg = configError(file);
      assert.deepEqual(position(msg, file), [6, 26]);
      assert.match(msg, /domains\.x\.agents\.solver\.prompt_template: template does not compile: Parse error/);
    });

    it('a Handlebars syntax error in a template file names that file', () => {
      tmp.write('t/bad.hbs', 'Hello {{name\nthere');
      const file = tmp.write('hbs2.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: t/bad.hbs', ''].join('\n'));
      const msg = configError(file);
      assert.equal(position(msg, file)[0], 6);
      assert.ok(msg.includes(path.join(tmp.path, 't', 'bad.hbs')), msg);
      assert.match(msg, /does not compile/);
    });

    it('a Handlebars syntax error says what is wrong, not only where', () => {
      const file = tmp.write('hbs3.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: "Hello {{#if x}}\\n"', ''].join('\n'));
      const msg = configError(file);
      assert.doesNotMatch(msg, /Parse error on line \d+:$/);
      assert.match(msg, /Expecting|got/);
    });

    it('a critique flagger template is loaded like an agent template', () => {
      tmp.write('critique.hbs', 'Is this bad? {{candidate}}\nVERDICT: OK or BAD');
      const file = tmp.write('crit.yaml', oneDomain('        red_flaggers:\n          - type: llm_critique\n            model: critic\n            prompt_template: critique.hbs'));
      const f = getDomain(loadConfig(file), 'x').agents.solver!.redFlaggers[0];
      assert.equal(f.type, 'llm_critique');
      assert.equal((f as { prompt_template: string }).prompt_template, 'Is this bad? {{candidate}}\nVERDICT: OK or BAD');
    });
  });

  describe("the original tool's format", () => {
    it('loads unchanged: agents with prompt_template/model/samples/k/red_flaggers, step_granularity, verifier string, applier', () => {
      for (const role of ['decomposition', 'decomposition_discriminator', 'solver', 'solution_discriminator']) {
        tmp.write(`templates/code_${role}.hbs`, `You are the ${role}. Task: {{task}}\n`);
      }
      const original = `domains:
  code:
    agents:
      decomposition:
        prompt_template: "templates/code_decomposition.hbs"
        model: "gpt-5.1-codex"
        samples: 3
      decomposition_discriminator:
        prompt_template: "templates/code_decomposition_discriminator.hbs"
        model: "gpt-5.1-codex"
        k: 2
      solver:
        prompt_template: "templates/code_solver.hbs"
        model: "gpt-5.1-codex"
        samples: 4
        k: 3
        red_flaggers:
          - type: "length"
            max_tokens: 2048
      solution_discriminator:
        prompt_template: "templates/code_solution_discriminator.hbs"
        model: "gpt-5.1-codex"
        k: 2
    step_granularity:
      max_files: 1
      max_lines_changed: 20
    verifier: "cargo test"
    applier: "patch_file"
    red_flaggers:
      - type: "length"
        max_tokens: 2048
      - type: "syntax"
        language: "python"
`;
      const file = tmp.write('original.yaml', original);
      const config = loadConfig(file);
      const d = getDomain(config, 'code');
      assert.equal(d.flow, 'tree');
      assert.equal(d.vote, 'judge');
      assert.deepEqual(d.stepGranularity, { maxFiles: 1, maxLinesChanged: 20 });
      assert.deepEqual(d.verifier, { command: 'cargo test', timeoutMs: 300_000 });
      assert.equal(d.applier, 'patch_file');
      assert.deepEqual(d.redFlaggers, [{ type: 'length', max_tokens: 2048 }, { type: 'syntax', language: 'python' }]);
      const solver = d.agents.solver!;
      assert.equal(solver.model, 'gpt-5.1-codex');
      assert.equal(solver.samples, 4);
      assert.equal(solver.k, 3);
      assert.equal(solver.maxTokens, 2048);
      assert.deepEqual(solver.redFlaggers, [{ type: 'length', max_tokens: 2048 }]);
      assert.equal(solver.template, 'You are the solver. Task: {{task}}\n');
      assert.equal(d.agents.decomposition!.samples, 3);
      assert.equal(d.agents.decomposition_discriminator!.k, 2);
      assert.equal(d.agents.solution_discriminator!.template, 'You are the solution_discriminator. Task: {{task}}\n');
    });

    it('the applier may also be an object and the verifier a command with a timeout (our additions)', () => {
      const file = tmp.write('ours.yaml', oneDomain('    applier: { type: overwrite_file }\n    verifier: { command: make check, timeout_ms: 5000 }'));
      const d = getDomain(loadConfig(file), 'x');
      assert.equal(d.applier, 'overwrite_file');
      assert.deepEqual(d.verifier, { command: 'make check', timeoutMs: 5000 });
    });
  });
});
