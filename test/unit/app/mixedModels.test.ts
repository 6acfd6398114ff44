// Mixed-model races over real HTTP (the paper's Sec. 5 decorrelation): `models` samples
// round-robin, each sample recording its model; `escalate` starts on the cheap model and draws
// from the strong one only in races whose votes disagree.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps } from '../../../src/app/api';
import { startRun } from '../../../src/app/session';
import { SimulatedClient } from '../../../src/llm/simulated';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { LlmServer } from '../../support/llmServer';

const KEY = 'sk-mf-test-mixed-0123456789';

/** The shipped config with the hanoi solver's model list replaced (written beside it, so templates resolve). */
function configWith(lines: string[]): string {
  const file = join(REPO_ROOT, `.test-mixed-${process.pid}.yaml`);
  const base = readFileSync(join(REPO_ROOT, 'config.yaml'), 'utf8');
  writeFileSync(file, base.replace('        model: gpt-4.1-mini\n', `        model: cheap\n${lines.map((l) => `        ${l}\n`).join('')}`));
  return file;
}

describe('mixed-model races (models, escalate) over HTTP', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let store: SqlSessionStore;
  let tmp: ReturnType<typeof makeTempDir>;
  let config: string;

  beforeEach(async () => {
    tmp = makeTempDir('mf-mixed-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    // "cheap" errs often, "strong" never: the same Hanoi logic behind two model names.
    const cheap = new SimulatedClient({ errorRate: 0.3, seed: 5 });
    const strong = new SimulatedClient({ errorRate: 0, seed: 5 });
    server = await LlmServer.start({
      answer: async (prompt, ctx) => (await (ctx.model === 'strong' ? strong : cheap).complete({ provider: 'simulated', model: ctx.model, role: 'solver', prompt, system: ctx.system, temperature: ctx.temperature ?? 0, maxTokens: 750 })).text,
    });
  });
  afterEach(async () => {
    await store.close();
    await server.close();
    tmp.cleanup();
    if (config) rmSync(config, { force: true });
  });

  const run = async (disks: number) => {
    const deps: AppDeps = { store, resourceRoot: REPO_ROOT };
    const h = await startRun({ prompt: '', domain: 'hanoi', disks, configPath: config, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: KEY }, deps);
    const out = await h.done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    return h.sessionId;
  };

  it('models: [cheap, strong] alternates per sample and records each sample\'s model', async () => {
    config = configWith(['models: [cheap, strong]']);
    const id = await run(3);
    const models = server.requests.map((r) => (r.body as { model: string }).model);
    assert.deepEqual(models.slice(0, 3), ['cheap', 'strong', 'cheap'], 'the first race draws round-robin');
    const steps = store.getSteps(id);
    const samples = steps.flatMap((s) => store.getSamples(id, s.id));
    assert.ok(samples.some((s) => s.model === 'cheap') && samples.some((s) => s.model === 'strong'), 'samples record their own model');
    for (const s of samples) assert.equal(s.model, s.seq % 2 === 0 ? 'cheap' : 'strong');
  });

  it('escalate: the strong model is asked only after a race disagrees', async () => {
    config = configWith(['escalate: { to: strong, on: disagreement }']);
    const id = await run(5);
    const steps = store.getSteps(id);
    let escalatedRaces = 0;
    for (const step of steps) {
      const samples = store.getSamples(id, step.id).sort((a, b) => a.seq - b.seq);
      const firstStrong = samples.findIndex((s) => s.model === 'strong');
      if (firstStrong < 0) continue;
      escalatedRaces++;
      const before = new Set(samples.slice(0, firstStrong).map((s) => s.key));
      assert.ok(before.size > 1, `step ${step.id}: the strong model was asked before any disagreement`);
    }
    assert.ok(escalatedRaces > 0, 'at a 30 % error rate some races disagree');
    assert.ok(escalatedRaces < steps.length, 'unanimous races never pay for the strong model');
  });
});
