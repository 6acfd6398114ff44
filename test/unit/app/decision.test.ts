// The one decision type every front end builds: flags or a body become a Decision (with
// contradictions refused by name), a pause offers exactly the choices it can take, and a
// decision the paused step cannot take is refused before anything runs.
import assert from 'node:assert/strict';
import { checkDecision, choiceLabel, decisionChoices, decisionFrom, isDecisionTrigger, pauseFacts, providerEndpoint, type PauseFacts } from '../../../src/app/decision';
import { UsageError } from '../../../src/app/options';
import { emptySessionMetrics, emptyStepMetrics, type PauseTrigger, type SessionRecord, type StepRecord } from '../../../src/engine/model';

const flag = (f: string) => `--${f === 'editText' ? 'edit' : f === 'approveRest' ? 'approve-rest' : f}`;

function session(flow: 'tree' | 'chain', trigger: PauseTrigger | null, status: SessionRecord['status'] = 'paused'): SessionRecord {
  return {
    id: 's1', prompt: 'p', domain: flow === 'chain' ? 'hanoi' : 'code', flow, status, createdAt: '', updatedAt: '', metrics: emptySessionMetrics(), metadata: {},
    waitState: trigger ? { stepId: '1.1', trigger, details: '', at: '' } : null,
  };
}

function step(extra: Partial<StepRecord> = {}): StepRecord {
  return { id: '1.1', parentId: '1', depth: 1, index: 0, description: 'd', status: 'waiting', phase: 'apply', metrics: emptyStepMetrics(), updatedAt: '', ...extra };
}

const changeSet = { applier: 'file_blocks', applied: false, files: [{ path: 'a.js', before: 'x', after: 'y' }] };

describe('app/decision', () => {
  describe('decisionFrom', () => {
    it('maps each way of deciding to one Decision', () => {
      assert.equal(decisionFrom({}, flag), undefined);
      assert.deepEqual(decisionFrom({ approve: true }, flag), { action: 'approve' });
      assert.deepEqual(decisionFrom({ reject: true }, flag), { action: 'reject' });
      assert.deepEqual(decisionFrom({ reject: true, feedback: ' too long ' }, flag), { action: 'reject', feedback: 'too long' });
      assert.deepEqual(decisionFrom({ feedback: 'too long' }, flag), { action: 'reject', feedback: 'too long' }, 'feedback implies reject');
      assert.deepEqual(decisionFrom({ editText: 'mine' }, flag), { action: 'approve', edit: { text: 'mine' } }, 'an edit approves');
      assert.deepEqual(decisionFrom({ approveRest: true }, flag), { action: 'approve', approveRest: true });
      assert.deepEqual(decisionFrom({ skip: true }, flag), { action: 'skip' });
    });

    it('refuses contradictions, naming the flags the user typed', () => {
      const refused = (i: Parameters<typeof decisionFrom>[0], msg: RegExp) => assert.throws(() => decisionFrom(i, flag), (e: Error) => e instanceof UsageError && msg.test(e.message));
      refused({ approve: true, reject: true }, /^--approve and --reject exclude each other$/);
      refused({ reject: true, skip: true }, /--reject and --skip/);
      refused({ approve: true, feedback: 'x' }, /--feedback goes with --reject, not --approve/);
      refused({ reject: true, editText: 'x' }, /--edit approves; it cannot go with --reject/);
      refused({ skip: true, approveRest: true }, /--approve-rest approves; it cannot go with --skip/);
      refused({ reject: true, feedback: '   ' }, /--feedback needs a reason/);
    });
  });

  describe('decisionChoices', () => {
    const facts = (over: Partial<PauseFacts> & { trigger?: PauseTrigger }): PauseFacts => ({
      flow: 'tree', hasCandidate: true, hasDiff: true, decomposed: false, ...over, wait: { stepId: '1', trigger: over.trigger ?? 'low_margin', details: '', at: '' },
    });

    it('a code candidate with a diff offers the diff, approve, edit, reject (with feedback) and skip', () => {
      assert.deepEqual(decisionChoices(facts({})), ['showDiff', 'approve', 'edit', 'reject', 'rejectWithFeedback', 'skip', 'cancel']);
    });

    it('no Show Diff or Edit where there is no diff; no skip or edit in a chain (Hanoi)', () => {
      const hanoi = decisionChoices(facts({ flow: 'chain', hasDiff: false, trigger: 'step_by_step' }));
      assert.deepEqual(hanoi, ['approve', 'reject', 'continueWithoutPausing', 'cancel']);
      const noCandidate = decisionChoices(facts({ hasDiff: false, hasCandidate: false, trigger: 'red_flags' }));
      assert.ok(!noCandidate.includes('showDiff') && !noCandidate.includes('edit') && !noCandidate.includes('reject'), noCandidate.join());
    });

    it('step-by-step adds "Continue without pausing" and "Approve the rest of this decomposition"; a decomposition is not edited', () => {
      const c = decisionChoices(facts({ trigger: 'step_by_step', decomposed: true, hasDiff: false }));
      assert.deepEqual(c, ['approve', 'reject', 'rejectWithFeedback', 'skip', 'continueWithoutPausing', 'approveRest', 'cancel']);
    });

    it('a rejected answer that keeps coming back offers edit, feedback, skip or cancel — not the same approve/reject again', () => {
      assert.deepEqual(decisionChoices(facts({ trigger: 'rejected_repeated', hasDiff: false })), ['edit', 'rejectWithFeedback', 'skip', 'cancel']);
    });

    it('a provider error offers resume, Open Settings and cancel; a rate limit no settings', () => {
      assert.deepEqual(decisionChoices(facts({ trigger: 'provider_error' })), ['resume', 'openSettings', 'cancel']);
      assert.deepEqual(decisionChoices(facts({ trigger: 'rate_limited' })), ['resume', 'cancel']);
      assert.equal(isDecisionTrigger('provider_error'), false);
      assert.equal(isDecisionTrigger('rejected_repeated'), true);
    });

    it('every choice has a label', () => {
      assert.equal(choiceLabel('approveRest'), 'Approve the Rest of This Decomposition');
      assert.equal(choiceLabel('rejectWithFeedback'), 'Reject with Feedback…');
    });

    it('pauseFacts reads the paused step: a planned change set is a diff, subtasks a decomposition', () => {
      assert.equal(pauseFacts(session('tree', 'low_margin', 'running'), step()), undefined);
      assert.deepEqual(pauseFacts(session('tree', 'low_margin'), step({ winnerText: 'w', changeSet }))!.hasDiff, true);
      const decomposed = pauseFacts(session('tree', 'step_by_step'), step({ childIds: ['1.1.1'], phase: 'done' }))!;
      assert.equal(decomposed.decomposed, true);
      assert.equal(decomposed.hasDiff, false);
    });
  });

  describe('checkDecision', () => {
    const refused = (s: SessionRecord, st: StepRecord | undefined, d: Parameters<typeof checkDecision>[2], msg: RegExp) =>
      assert.throws(() => checkDecision(s, st, d), (e: Error) => e instanceof UsageError && msg.test(e.message));

    it('refuses skip and edit in a chain, an edit of a decomposition, and a decision where the pause only waits', () => {
      refused(session('chain', 'step_by_step'), step(), { action: 'skip' }, /'skip' is for tree-flow sessions/);
      refused(session('chain', 'low_margin'), step(), { action: 'approve', edit: { text: 'x' } }, /'edit' is for tree-flow sessions/);
      refused(session('tree', 'step_by_step'), step({ childIds: ['1.1.1'] }), { action: 'approve', edit: { text: 'x' } }, /paused after its decomposition/);
      refused(session('chain', 'low_margin'), step(), { action: 'reject', feedback: 'x' }, /feedback is for tree-flow sessions/);
      refused(session('tree', 'provider_error'), step(), { action: 'approve' }, /waits on provider_error, not on a decision/);
    });

    it('lets the rest through', () => {
      checkDecision(session('tree', 'low_margin'), step(), { action: 'approve', edit: { text: 'x' } });
      checkDecision(session('tree', 'rejected_repeated'), step({ phase: 'solve' }), { action: 'skip' });
      checkDecision(session('chain', 'low_margin'), step(), { action: 'reject' });
      checkDecision(session('tree', 'provider_error'), step(), undefined);
    });
  });

  it('providerEndpoint names the URL a provider-error pause called', () => {
    assert.equal(providerEndpoint({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' }), 'openai-compatible at http://127.0.0.1:9/v1');
    assert.equal(providerEndpoint({ provider: 'openai' }), 'openai at https://api.openai.com/v1');
    assert.equal(providerEndpoint({}), 'simulated');
  });
});
