// Prompt caching needs every request to start with the part all steps share: the shipped
// templates put the rules, the task and the baseline first and mark where the step's own text
// begins; the engine passes that length on (LlmRequest.stablePrefix). Real runs through the
// facade with the shipped templates: two different steps' requests must share, byte for byte,
// at least the system prompt and the stable part.
import assert from 'node:assert/strict';
import { startRun } from '../../../src/app/session';
import type { LlmRequest } from '../../../src/engine/ports';
import type { LlmCall } from '../../../src/llm/router';
import { writeDomainConfig } from '../../support/codeDomain';
import { codeRunHarness } from '../../support/codeRunHarness';
import { makeJsFixtureRepo } from '../../support/fixtures';

/** The text a provider reads first to last: the system prompt, then the user prompt. */
const wire = (r: LlmRequest) => `${r.system ?? ''}\u0000${r.prompt}`;

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Two requests of one agent for different steps: their shared prefix covers the stable part, which holds `rules` and not the step. */
function assertStableShared(a: LlmRequest, b: LlmRequest, rules: RegExp, stepText: (r: LlmRequest) => string): void {
  assert.notEqual(a.prompt, b.prompt, 'two different steps');
  assert.ok(a.stablePrefix && a.stablePrefix > 0, `${a.role}: the template marks a stable part`);
  assert.equal(a.stablePrefix, b.stablePrefix);
  const stable = a.prompt.slice(0, a.stablePrefix);
  assert.match(stable, rules, 'the rules are in the stable part');
  assert.ok(!stable.includes(stepText(a)), 'the step itself is not');
  const stableLength = (a.system?.length ?? 0) + 1 + a.stablePrefix;
  assert.ok(commonPrefix(wire(a), wire(b)) >= stableLength, `${a.role}: shared ${commonPrefix(wire(a), wire(b))} < stable ${stableLength}`);
}

describe('stable prompt prefix (prompt caching)', function () {
  this.timeout(60_000);
  const h = codeRunHarness(makeJsFixtureRepo, 'mf-stable-');
  const calls: LlmCall[] = [];
  beforeEach(() => {
    calls.length = 0;
    h.deps = { ...h.deps, onLlmCall: (c) => calls.push(c) };
  });
  const of = (role: string) => calls.map((c) => c.request).filter((r) => r.role === role);

  it('hanoi: every step repeats the system prompt and the procedure, then its own move and state', async () => {
    const out = await (await startRun({ prompt: 'hanoi', domain: 'hanoi', disks: 4, provider: 'simulated', seed: 3, maxSteps: 3 }, h.deps)).done;
    assert.notEqual(out.status, 'failed', JSON.stringify(out));
    const solver = of('solver');
    const step1 = solver[0];
    const later = solver.find((r) => r.prompt !== step1.prompt)!;
    assertStableShared(step1, later, /Follow this procedure[\s\S]*next_state = \[\[\.\.\.\]/, (r) => /Current state: .*/.exec(r.prompt)![0]);
    assert.match(step1.prompt.slice(step1.stablePrefix), /^\nPrevious move: None\nCurrent state: \[\[4, 3, 2, 1\], \[\], \[\]\]\n$/);
  });

  it('code: the decomposer and the solver start with the task, the baseline and the rules', async () => {
    const configPath = writeDomainConfig(h.tmp.path, 'code', () => {});
    const sub = ['Fix the add function so that it adds its two arguments in src/math.js', 'Check that the multiply function in src/math.js still multiplies its two arguments'];
    const out = await (await startRun({
      prompt: 'The add test fails; find the cause in src/math.js and fix it', domain: 'code', provider: 'scripted', repoPath: h.repo.path, configPath,
      scriptPath: h.script({
        decomposition: [{ when: 'Step to plan: The add test', text: `1. ${sub[0]}\n2. ${sub[1]}`, repeat: true }, { text: 'ATOMIC', repeat: true }],
        solver: [{ text: `<file path="src/math.js">\n${h.repo.fixedContent}</file>`, repeat: true }],
        solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
      }),
    }, h.deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const stepLine = (r: LlmRequest) => /^(?:Step to plan|Your step): .*$/m.exec(r.prompt)![0];
    const plans = of('decomposition');
    assert.equal(plans.length >= 3, true, 'the root and both parts were planned');
    assertStableShared(plans[0], plans.at(-1)!, /Overall task: The add test fails[\s\S]*fails with:[\s\S]*ATOMIC[\s\S]*\(after N\)/, stepLine);
    const solves = of('solver');
    const first = solves.find((r) => r.prompt.includes(sub[0]))!;
    const second = solves.find((r) => r.prompt.includes(sub[1]))!;
    assertStableShared(first, second, /Overall task: The add test fails[\s\S]*not ok[\s\S]*Change at most 2 file\(s\)/, stepLine);
  });

  it('analysis: the decomposer and the writer start with the task and the rules', async () => {
    // The shipped domain names Anthropic and Gemini; here every agent is scripted.
    const configPath = writeDomainConfig(h.tmp.path, 'analysis', (d) => {
      for (const agent of Object.values(d.agents) as Record<string, unknown>[]) delete agent.provider;
    });
    const parts = ['Which vote rules does the MAKER paper compare for each step', 'What does the paper say about the cost of more votes'];
    const out = await (await startRun({
      prompt: 'Summarise how the MAKER paper votes on each step and what that costs', domain: 'analysis', provider: 'scripted', configPath,
      scriptPath: h.script({
        decomposition: [{ when: 'Step to plan: Summarise', text: `1. ${parts[0]}\n2. ${parts[1]}`, repeat: true }, { text: 'ATOMIC', repeat: true }],
        solver: [{ text: '## Findings\nVotes are drawn until one answer leads by k.', repeat: true }],
        decomposition_discriminator: [{ text: 'OPTION: 1', repeat: true }],
        solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
      }),
    }, h.deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const stepLine = (r: LlmRequest) => /^(?:Step to plan|Section to write): .*$/m.exec(r.prompt)![0];
    const plans = of('decomposition');
    assertStableShared(plans[0], plans.at(-1)!, /Overall task: Summarise how the MAKER paper votes[\s\S]*ATOMIC[\s\S]*\(after N\)/, stepLine);
    const writes = of('solver');
    const first = writes.find((r) => r.prompt.includes(parts[0]))!;
    const second = writes.find((r) => r.prompt.includes(parts[1]))!;
    assertStableShared(first, second, /Overall task: Summarise how the MAKER paper votes[\s\S]*"## " heading/, stepLine);
  });
});
