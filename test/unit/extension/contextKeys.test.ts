// The editor's when-clause facts about decisions, without the editor: which tab shows a paused
// candidate (title-bar Approve / Reject / Edit) or a human's edit ("Approve my edit"), the tree's
// context values that keep Compare / Show Diff off Hanoi candidates and pauses without a diff,
// and the status-bar words for sessions that wait.
import assert from 'node:assert/strict';
import {
  candidateContextValue, candidateOf, editorDecisionKeys, pausedLabel, pausedTooltip, refKey, sessionContextValue, waitingSessions, CANDIDATE_SCHEME,
} from '../../../src/extension/approval/contextKeys';
import { emptySessionMetrics, type SessionRecord } from '../../../src/engine/model';

const candidateUri = (sessionId: string, candidate: string, stepId = '1') => ({
  scheme: CANDIDATE_SCHEME,
  query: new URLSearchParams({ ref: refKey({ sessionId, stepId, candidate }), i: '0', side: 'after' }).toString(),
});

describe('extension: decision context keys', () => {
  it('candidateOf reads a candidate document\'s session and candidate; other URIs are not ours', () => {
    assert.deepEqual(candidateOf(candidateUri('s1', 'paused')), { sessionId: 's1', stepId: '1', candidate: 'paused' });
    assert.equal(candidateOf({ scheme: 'file', query: '' }), undefined);
    assert.equal(candidateOf({ scheme: CANDIDATE_SCHEME, query: 'ref=%7Bnot json' }), undefined);
  });

  it('a paused candidate\'s diff gets the title-bar actions only while its session still waits on that step', () => {
    const file = { scheme: 'file', query: '' };
    const waiting = (id: string, step: string) => id === 's1' && step === '1';
    const none = () => undefined;
    assert.deepEqual(editorDecisionKeys([file, candidateUri('s1', 'paused')], waiting, none), { pausedCandidate: 's1', editing: undefined });
    assert.deepEqual(editorDecisionKeys([candidateUri('s2', 'paused')], waiting, none), { pausedCandidate: undefined, editing: undefined }, 'decided already');
    assert.deepEqual(editorDecisionKeys([candidateUri('s1', 'solver#3')], waiting, none), { pausedCandidate: undefined, editing: undefined }, 'a compared candidate is not the paused one');
    assert.deepEqual(editorDecisionKeys([], waiting, none), { pausedCandidate: undefined, editing: undefined });
  });

  it('an edit of a candidate gets "Approve my edit" instead of Approve', () => {
    const edit = { scheme: 'microfactory-edit', query: '' };
    const keys = editorDecisionKeys([candidateUri('s1', 'paused'), edit], () => true, (u) => (u === edit ? 's1' : undefined));
    assert.deepEqual(keys, { pausedCandidate: undefined, editing: 's1' });
  });

  it('tree context values: :decision and :diff only where they can work', () => {
    assert.equal(sessionContextValue('paused', false, true, true), 'session:paused:decision:diff');
    assert.equal(sessionContextValue('paused', false, true, false), 'session:paused:decision', 'no Show Diff without a diff');
    assert.equal(sessionContextValue('paused', false, false, false), 'session:paused', 'a provider pause: resume, not decide');
    assert.equal(sessionContextValue('running', true, false, false), 'session:running:active');
    assert.equal(sessionContextValue('completed', false, false, false, true), 'session:completed:archived');
    assert.equal(candidateContextValue(false, 'tree', 'solver'), 'candidate:diff');
    assert.equal(candidateContextValue(false, 'chain', 'solver'), 'candidate', 'no Compare on Hanoi moves');
    assert.equal(candidateContextValue(false, 'tree', 'decomposition'), 'candidate', 'a plan has no files');
    assert.equal(candidateContextValue(true, 'tree', 'solver'), 'candidate:flagged');
  });

  it('the package.json menus match those context values', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../package.json') as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const when = (menu: string, command: string) => pkg.contributes.menus[menu].filter((m) => m.command === command).map((m) => m.when);
    const matches = (w: string, value: string) => new RegExp(/viewItem =~ \/(.*)\//.exec(w)![1]).test(value);
    for (const w of when('view/item/context', 'microfactory.showDiff')) {
      assert.ok(matches(w, 'session:paused:decision:diff') && !matches(w, 'session:paused:decision') && !matches(w, 'session:paused'), w);
    }
    for (const w of when('view/item/context', 'microfactory.compareCandidate')) assert.ok(matches(w, 'candidate:diff') && !matches(w, 'candidate'), w);
    for (const w of when('view/item/context', 'microfactory.approveCandidate')) assert.ok(matches(w, 'session:paused:decision') && !matches(w, 'session:paused'), w);
    // Delete and archive where they work: not on a run of this window (nor one stored as running).
    for (const cmd of ['microfactory.deleteSession', 'microfactory.archiveSession']) {
      for (const w of when('view/item/context', cmd)) {
        for (const ok of ['session:completed', 'session:failed', 'session:cancelled', 'session:paused:decision:diff']) assert.ok(matches(w, ok), `${cmd} on ${ok}`);
        assert.ok(!matches(w, 'session:running:active') && !matches(w, 'session:running'), `${cmd} not on a running session`);
      }
    }
    for (const w of when('view/item/context', 'microfactory.archiveSession')) assert.ok(!matches(w, 'session:completed:archived'), 'no Archive on an archived session');
    for (const w of when('view/item/context', 'microfactory.unarchiveSession')) assert.ok(matches(w, 'session:completed:archived') && !matches(w, 'session:completed'), w);
    assert.deepEqual(when('editor/title', 'microfactory.approveCandidate'), ['resourceScheme == microfactory-candidate && microfactory.pausedCandidateActive']);
    assert.deepEqual(when('editor/title', 'microfactory.approveEdit'), ['resourceScheme == microfactory-edit && microfactory.editingCandidate']);
  });

  it('waiting sessions and the status-bar words', () => {
    const s = (id: string, status: SessionRecord['status'], waits: boolean): SessionRecord => ({
      id, prompt: 'p', domain: 'code', flow: 'tree', status, createdAt: '', updatedAt: '', metrics: emptySessionMetrics(), metadata: {},
      waitState: waits ? { stepId: '1', trigger: 'step_by_step', details: '', at: '' } : null,
    });
    const list = [s('a', 'paused', true), s('b', 'cancelled', true), s('c', 'paused', true), s('d', 'completed', false)];
    assert.deepEqual(waitingSessions(list, (id) => id === 'c').map((x) => x.id), ['a'], 'cancelled and resumed-here ones are not waiting');
    assert.equal(pausedLabel(1), '$(debug-pause) Microfactory: 1 paused');
    assert.equal(pausedLabel(0), undefined);
    assert.equal(pausedTooltip([{ prompt: 'Make greet say Hi' }]), '"Make greet say Hi" waits for your decision. Click to open it.', 'one: named, so its click is known');
    assert.equal(pausedTooltip([{ prompt: 'a' }, { prompt: 'b' }]), '2 sessions wait for your decision. Click to pick one.');
  });
});
