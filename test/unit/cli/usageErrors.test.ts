// Usage errors that tell the truth, early: names that happen to be Object.prototype members,
// provider/key/URL/repository mistakes found before a session exists, and numbers past any real
// use. Each is exit 2 and one line naming the flag or value, from the real dist/cli.js.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliPool, ensureCliBuilt, REPO_ROOT, oneLineUsageError, type CliResult, type CliRunOptions } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

type Case = { args: string[]; expect: RegExp; env?: Record<string, string>; input?: string };

describe('cli: usage errors, early and exact (dist/cli.js)', function () {
  this.timeout(90_000);
  let tmp: TmpDir;
  /** Each case's result, and for the late ones the `status --json` of the same store afterwards. */
  const results: Record<string, Promise<{ r: CliResult; sessions?: unknown[] }>> = {};

  // Once created only when the run was under way: each must now stop before any session exists.
  /** The shipped config with the tiny model's path pointing nowhere (beside it, so its templates resolve). */
  const localConfig = (): string => {
    const file = path.join(REPO_ROOT, `.test-local-${process.pid}.yaml`);
    writeFileSync(file, readFileSync(path.join(REPO_ROOT, 'config.yaml'), 'utf8').replace('model: models/hanoi-tiny.gguf', 'model: models/nowhere.gguf'));
    cleanups.push(() => rmSync(file, { force: true }));
    return file;
  };
  const cleanups: (() => void)[] = [];

  const late = (): Record<string, Case> => {
    const emptyHome = tmp.mkdir('empty-home');
    const file = tmp.write('a-file.txt', 'not a folder\n');
    const repo = tmp.mkdir('repo');
    // No key anywhere: a temp HOME without ~/.env, and the variables blanked.
    const noKeys = { HOME: emptyHome, OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', XAI_API_KEY: '' };
    return {
      unknownProvider: { args: ['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'nope'], expect: /--llm-provider: unknown provider 'nope'; known: openai, anthropic/ },
      missingKey: { args: ['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'openai'], env: noKeys, expect: /Missing API key for openai: set OPENAI_API_KEY .*--api-key/ },
      compatNoUrl: { args: ['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'openai-compatible'], expect: /openai-compatible provider needs a base URL: pass --base-url/ },
      badUrl: { args: ['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'openai-compatible', '--base-url', 'not a url'], expect: /--base-url must be an http:\/\/ or https:\/\/ URL .*got 'not a url'/ },
      repoMissing: { args: ['run', '--domain', 'code', '--prompt', 'p', '--repo-path', `${repo}-nowhere`], expect: /--repo-path '.*repo-nowhere': no such directory/ },
      repoFile: { args: ['run', '--domain', 'code', '--prompt', 'p', '--repo-path', file], expect: /--repo-path '.*a-file\.txt' is a file, not a directory/ },
      codeSimulated: { args: ['run', '--domain', 'code', '--prompt', 'p', '--repo-path', repo, '--llm-provider', 'simulated'], expect: /the simulated model only answers Towers of Hanoi chain steps, not domain 'code'/ },
      scriptedNoScript: { args: ['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'scripted'], expect: /scripted provider needs --script/ },
      noisyNoFixes: { args: ['run', '--domain', 'code', '--prompt', 'p', '--repo-path', repo, '--llm-provider', 'noisy-coder'], expect: /noisy-coder provider needs --known-fixes FILE/ },
      noisyBadFixes: { args: ['run', '--domain', 'code', '--prompt', 'p', '--repo-path', repo, '--llm-provider', 'noisy-coder', '--known-fixes', tmp.write('fixes.json', '{"tasks": [{"id": "t", "files": []}]}')], expect: /fixes\.json: tasks\.0\.files: / },
      estimateNoKey: { args: ['estimate', '--steps', '10', '--llm-provider', 'anthropic'], env: noKeys, expect: /Missing API key for anthropic/ },
      noPrompt: { args: ['run', '--domain', 'code', '--repo-path', repo], expect: /a run of domain 'code' needs a prompt \(--prompt\); only Towers of Hanoi chains have a default/ },
      // The local model's package lives outside the project; pointed at an empty folder it is missing.
      // The hint names the script beside the bundled config by its full path (the VSIX ships it).
      localNoPackage: { args: ['run', '--domain', 'hanoi-compact'], env: { MICROFACTORY_LOCAL_MODEL_DIR: emptyHome }, expect: /the local provider needs node-llama-cpp 3\.21\.1, which is not installed: run `bash \/\S+\/scripts\/setup-local-model\.sh`/ },
      localNoModel: { args: ['run', '--domain', 'hanoi-compact', '--config', localConfig()], expect: /local model .*models\/nowhere\.gguf does not exist/ },
    };
  };

  const early: Record<string, Case> = {
    protoDomain: { args: ['run', '--domain', '__proto__', '--prompt', 'p'], expect: /Domain '__proto__' not defined in .*available: code, analysis, hanoi/ },
    constructorDomain: { args: ['run', '--domain', 'constructor', '--prompt', 'p'], expect: /Domain 'constructor' not defined .*code, analysis, hanoi/ },
    toStringCheck: { args: ['check', '--domain', 'toString'], input: 'x\n', expect: /Domain 'toString' not defined .*code, analysis, hanoi/ },
    hasOwnEstimate: { args: ['estimate', '--domain', 'hasOwnProperty'], expect: /Domain 'hasOwnProperty' not defined/ },
    constructorCommand: { args: ['constructor'], expect: /unknown command 'constructor'; commands: run, resume/ },
    kHuge: { args: ['run', '--domain', 'hanoi', '--k', '1e9'], expect: /--k must be an integer \(at least 1, at most 1000\), got '1e9'/ },
    samplesHuge: { args: ['run', '--domain', 'hanoi', '--samples', '1e6'], expect: /--samples must be an integer \(at least 1, at most 1000\)/ },
    concurrencyHuge: { args: ['run', '--domain', 'hanoi', '--max-concurrent-llm', '1e6'], expect: /--max-concurrent-llm must be an integer .*at most 1000\)/ },
    latencyHuge: { args: ['run', '--domain', 'hanoi', '--latency-ms', '1e12'], expect: /--latency-ms must be a number \(at least 0, at most 3600000\), got '1e12'/ },
    timeoutHuge: { args: ['run', '--domain', 'hanoi', '--timeout-ms', '1e12'], expect: /--timeout-ms must be an integer \(at least 1, at most 86400000\)/ },
    budgetHuge: { args: ['run', '--domain', 'hanoi', '--budget-usd', '1e12'], expect: /--budget-usd must be a number \(at least 0, at most 1000000\)/ },
    fixRateHuge: { args: ['run', '--domain', 'code', '--prompt', 'p', '--fix-rate', '1.5'], expect: /--fix-rate must be a number \(at least 0, at most 1\), got '1\.5'/ },
    voteBad: { args: ['run', '--domain', 'hanoi', '--vote', 'sometimes'], expect: /--vote must be ahead-by-k or first-to-k, got 'sometimes'/ },
    disksHuge: { args: ['run', '--domain', 'hanoi', '--disks', '31'], expect: /--disks must be an integer \(at least 1, at most 30\), got '31'/ },
    thresholdNegative: { args: ['run', '--domain', 'hanoi', '--human-low-margin-threshold=-5'], expect: /--human-low-margin-threshold must be an integer \(at least 0/ },
    // node:util parseArgs words this over three lines.
    dashValue: { args: ['run', '--domain', 'hanoi', '--k', '-5'], expect: /'--k' argument is ambiguous\. Did you forget .* use '--k=-XYZ'/ },
    emptyNumber: { args: ['run', '--domain', 'hanoi', '--k', ' '], expect: /--k must be an integer .*got ' '/ },
    estimateSteps: { args: ['estimate', '--steps', '1e12'], expect: /--steps must be an integer \(at least 1, at most 10000000\), got '1e12'/ },
    estimateLatency: { args: ['estimate', '--latency-ms', '1e12'], expect: /--latency-ms must be a number/ },
    planSteps: { args: ['plan', '--error-rate', '0.1', '--steps', '1e300'], expect: /--steps must be an integer \(at least 1, at most 1000000000000\), got '1e300'/ },
    planTokens: { args: ['plan', '--error-rate', '0.1', '--steps', '100', '--tokens-in', '1e12'], expect: /--tokens-in must be a number \(at least 0, at most 10000000\)/ },
    planPrice: { args: ['plan', '--error-rate', '0.1', '--steps', '100', '--price-out', '1e9'], expect: /--price-out must be a number \(at least 0, at most 100000\)/ },
  };

  before(function () {
    this.timeout(240_000);
    ensureCliBuilt();
    tmp = makeTmpDir('mf-usage-');
    const configK = tmp.write('k.yaml', ['domains:', '  x:', '    agents:', '      solver:', '        model: m', '        prompt_template: "t\\n"', '        k: 5000', ''].join('\n'));
    early.configK = { args: ['domains', '--config', configK], expect: /k\.yaml:7:12: domains\.x\.agents\.solver\.k: / };
    const run = cliPool(4);
    const go = (args: string[], opts: CliRunOptions) => run(args, opts);
    for (const [name, c] of Object.entries(early)) results[name] = go(c.args, { home: tmp.mkdir(`home-${name}`), env: c.env, input: c.input }).then((r) => ({ r }));
    for (const [name, c] of Object.entries(late())) {
      const home = tmp.mkdir(`home-${name}`);
      early[name] = c;
      results[name] = go(c.args, { home, env: c.env }).then(async (r) => {
        const status = await go(['status', '--json'], { home });
        assert.equal(status.code, 0, status.stderr);
        return { r, sessions: (JSON.parse(status.stdout) as { sessions: unknown[] }).sessions };
      });
    }
  });

  after(async () => {
    await Promise.allSettled(Object.values(results));
    for (const c of cleanups) c();
    tmp?.cleanup();
  });

  const names = ['protoDomain', 'constructorDomain', 'toStringCheck', 'hasOwnEstimate', 'constructorCommand', 'kHuge', 'samplesHuge', 'concurrencyHuge', 'latencyHuge', 'timeoutHuge', 'budgetHuge', 'fixRateHuge', 'voteBad', 'disksHuge',
    'thresholdNegative', 'dashValue', 'emptyNumber', 'estimateSteps', 'estimateLatency', 'planSteps', 'planTokens', 'planPrice', 'configK'];
  for (const name of names) {
    it(`${name}: exit 2, one line naming the flag or value`, async () => {
      const { r } = await results[name];
      assert.match(oneLineUsageError(r), early[name].expect);
    });
  }

  for (const name of ['unknownProvider', 'missingKey', 'compatNoUrl', 'badUrl', 'repoMissing', 'repoFile', 'codeSimulated', 'scriptedNoScript', 'noisyNoFixes', 'noisyBadFixes', 'estimateNoKey', 'noPrompt', 'localNoPackage', 'localNoModel']) {
    it(`${name}: exit 2, one line, and no session left behind`, async () => {
      const { r, sessions } = await results[name];
      assert.match(oneLineUsageError(r), early[name].expect);
      assert.deepEqual(sessions, [], 'status --json lists no session');
    });
  }
});
