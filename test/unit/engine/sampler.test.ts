// A sample's path one way: a chain sample is parsed once, by the format red flag, and its vote key
// and output come from that parse. A real StepSampler, the hanoi domain of config.yaml, its real
// flag pipeline and the simulated model; only the parser is wrapped, to count its calls.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { engineOptions } from '../../../src/app/options';
import { getDomain, loadConfig } from '../../../src/config/load';
import { AdaptiveK } from '../../../src/engine/adaptiveK';
import { hanoiTask } from '../../../src/engine/chain/hanoiTask';
import { sampleParser } from '../../../src/engine/chain/task';
import { StepPause, type EngineContext } from '../../../src/engine/context';
import { EventBus } from '../../../src/engine/events';
import { emptyStepMetrics, type StepRecord } from '../../../src/engine/model';
import { LlmPauseError, silentLogger, type LlmClient } from '../../../src/engine/ports';
import { buildPipeline } from '../../../src/engine/redflags/build';
import { RedFlagPipeline } from '../../../src/engine/redflags/pipeline';
import type { Parser } from '../../../src/engine/redflags/types';
import { StepSampler } from '../../../src/engine/sampler';
import { render } from '../../../src/engine/template';
import { SimulatedClient } from '../../../src/llm/simulated';
import type { SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeSession, storePerTest } from '../../support/store-fixtures';

describe('engine/sampler: a sample is parsed once', () => {
  const domain = getDomain(loadConfig(join(REPO_ROOT, 'config.yaml')), 'hanoi');
  const agent = domain.agents.solver!;
  const task = hanoiTask(3);
  const prompt = render(agent.template, task.promptVars(task.initialState(), undefined, 0));
  let store: SqlSessionStore;
  storePerTest('mf-sampler-', (s) => (store = s));

  function context(llm: LlmClient): EngineContext {
    const options = engineOptions(domain, { provider: 'simulated' });
    const ctx: EngineContext = {
      session: makeSession('s1'), domain, options, llm, store, events: new EventBus(), clock: { now: () => Date.now(), sleep: async () => {} }, log: silentLogger,
      signal: new AbortController().signal, adaptive: new AdaptiveK(false), halted: false,
      agent: (role) => domain.agents[role], kFor: () => 3, provider: () => 'simulated', model: (a) => a.model,
      saveStep: () => {}, keepPaid: () => {}, account: () => {}, checkHalt: () => {},
    };
    return ctx;
  }

  function counting(): { parse: Parser; calls: () => number } {
    const inner = sampleParser(task);
    let n = 0;
    return { parse: (text) => (n++, inner(text)), calls: () => n };
  }

  function step(): StepRecord {
    return { id: '1', parentId: null, depth: 0, index: 0, description: 'step 1 of 7', status: 'running', phase: 'solve', metrics: emptyStepMetrics(), updatedAt: '' };
  }

  it('with a format red flag: one parse per sample, and the vote key is that parse', async () => {
    const { parse, calls } = counting();
    const llm = new SimulatedClient({ errorRate: 0, seed: 1 });
    const pipeline = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', parse });
    assert.ok(pipeline.flaggers.some((f) => f.name === 'format'));
    const sampler = new StepSampler(context(llm), step(), { agent, prompt, pipeline, parse });
    for (let i = 1; i <= 3; i++) {
      const s = await sampler.draw();
      assert.equal(calls(), i, `sample ${i} parsed once`);
      assert.deepEqual({ key: s.key, output: s.output }, sampleParser(task)(s.text));
    }
  });

  it('a sample the format flag discards was parsed once too', async () => {
    const { parse, calls } = counting();
    const llm = new SimulatedClient({ errorRate: 0, malformedRate: 0.4, seed: 2 });
    const pipeline = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', parse });
    const st = step();
    const sampler = new StepSampler(context(llm), st, { agent, prompt, pipeline, parse });
    for (let i = 0; i < 5; i++) await sampler.draw();
    assert.ok(st.metrics.redFlags.format > 0, 'some samples were malformed');
    assert.equal(calls(), st.metrics.samplesRequested);
  });

  it('without a format flagger (the tree flow) the sampler parses each sample itself, once', async () => {
    const { parse, calls } = counting();
    const llm = new SimulatedClient({ errorRate: 0, seed: 3 });
    const sampler = new StepSampler(context(llm), step(), { agent, prompt, pipeline: new RedFlagPipeline([]), parse });
    const s = await sampler.draw();
    assert.equal(calls(), 1);
    assert.equal(s.key, sampleParser(task)(s.text).key);
  });
  it('a refused call is no sample: samples count the answers, refused calls are counted apart', async () => {
    const inner = new SimulatedClient({ errorRate: 0, seed: 4 });
    let n = 0;
    // Calls 2 and 4 are refused: one with an exhausted quota (a pause), one with a plain failure.
    const llm: LlmClient = {
      complete: (req, signal) => {
        n++;
        if (n === 2) return Promise.reject(new LlmPauseError('quota', 'quota exhausted'));
        if (n === 4) return Promise.reject(new Error('connection refused'));
        return inner.complete(req, signal);
      },
    };
    const parse = sampleParser(task);
    const st = step();
    const sampler = new StepSampler(context(llm), st, { agent, prompt, pipeline: new RedFlagPipeline([]), parse });
    await sampler.draw();
    await assert.rejects(sampler.draw(), (e: Error) => e instanceof StepPause);
    await sampler.draw();
    await assert.rejects(sampler.draw(), /connection refused/);
    await sampler.draw();
    assert.equal(n, 5);
    assert.equal(st.metrics.samplesRequested, 3, 'three answers, three samples');
    assert.equal(st.metrics.failedRequests, 2);
    assert.equal(sampler.samples.length, 3);
  });
});
