import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/app/api';
import { CANDIDATE_SCHEME } from '../../../src/extension/diff/candidateDocs';
import { api, closeAllEditors, explain, runTask, waitFor, workspaceDir } from './helpers';
import type { CandidateNode, SessionNode } from '../../../src/extension/tree/nodes';
import { GREET_BEFORE, greetCandidate, writeGreetRepo, writeScript } from './fixtures';

/** A scripted run of the bundled `code` domain, one step (the prompt is too short to decompose), paused before applying. */
async function pausedRun(repoName: string, solverTexts: string[]): Promise<{ outcome: RunOutcome; repo: string }> {
  const repo = writeGreetRepo(workspaceDir(), repoName);
  const scriptPath = writeScript({
    solver: solverTexts.map((text) => ({ text })),
    solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
  });
  const outcome = await runTask({
    prompt: 'Make greet say Hello',
    domain: 'code',
    overrides: { provider: 'scripted', scriptPath, samples: 2, k: 1, stepByStep: true, repoPath: repo },
  });
  return { outcome, repo };
}

suite('scripted code run: pause, diff, approve, reject', () => {
  teardown(closeAllEditors);

  test('pauses; Show Diff opens two read-only virtual documents with the right contents', async () => {
    const hello = greetCandidate('Hello');
    const hey = greetCandidate('Hey');
    const { outcome } = await pausedRun('diff-repo', [hello.text, hey.text]);
    assert.strictEqual(outcome.status, 'paused', await explain(outcome.sessionId));
    assert.strictEqual(outcome.waitState?.trigger, 'step_by_step');

    // The user is editing a file: the diff must open beside it without taking its focus.
    const readme = await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceDir(), 'README.md')));
    const focusedBefore = readme.document.uri.toString();
    assert.strictEqual(await vscode.commands.executeCommand('microfactory.showDiff', { sessionId: outcome.sessionId }), true);
    const diff = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).find((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff);
    assert.ok(diff, 'no diff editor opened');
    assert.strictEqual(diff.original.scheme, CANDIDATE_SCHEME);
    assert.strictEqual(diff.modified.scheme, CANDIDATE_SCHEME);
    assert.strictEqual(diff.original.path, '/src/greet.js');
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(diff.original), vscode.workspace.openTextDocument(diff.modified)]);
    assert.strictEqual(left.getText(), GREET_BEFORE);
    assert.strictEqual(right.getText(), hello.after);
    assert.strictEqual(left.languageId, 'javascript');
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(active instanceof vscode.TabInputText && active.uri.toString() === focusedBefore, 'the diff took the focus');

    // Any other candidate of the step can be compared the same way, from its tree node.
    const a = await api();
    const sessionNode = (await a.sessions.getChildren()).find((n): n is SessionNode => n.kind === 'session' && n.session.id === outcome.sessionId);
    assert.ok(sessionNode, 'paused session not in the tree');
    assert.match(String(a.sessions.getTreeItem(sessionNode).contextValue), /^session:paused/);
    const [stepNode] = await a.sessions.getChildren(sessionNode);
    const candidates = (await a.sessions.getChildren(stepNode)).filter((n): n is CandidateNode => n.kind === 'candidate' && n.sample.role === 'solver');
    const other = candidates.find((c) => c.sample.text === hey.text);
    assert.ok(other, `the other candidate is not listed (${candidates.length} solver candidates)`);
    await closeAllEditors();
    assert.strictEqual(await vscode.commands.executeCommand('microfactory.compareCandidate', other), true);
    const diff2 = await waitFor('the comparison diff', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).find((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff));
    assert.strictEqual((await vscode.workspace.openTextDocument(diff2.modified)).getText(), hey.after);

    // The session panel shows the wait state and its actions.
    await vscode.commands.executeCommand('microfactory.openSession', { sessionId: outcome.sessionId });
    const data = await waitFor('panel data', () => a.panelData(outcome.sessionId));
    assert.strictEqual(data.wait?.trigger, 'step_by_step');
    assert.strictEqual(data.wait?.decision, true);
    assert.strictEqual(data.wait?.hasDiff, true);
    assert.deepStrictEqual(data.wait?.files, ['src/greet.js']);
  });

  test('Approve applies one undoable WorkspaceEdit, then the session completes', async () => {
    const hello = greetCandidate('Hello');
    const { outcome, repo } = await pausedRun('approve-repo', [hello.text, greetCandidate('Hey').text]);
    assert.strictEqual(outcome.status, 'paused', await explain(outcome.sessionId));
    const file = path.join(repo, 'src', 'greet.js');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), GREET_BEFORE, 'written before approval');

    const resumed = (await vscode.commands.executeCommand('microfactory.approveCandidate', { sessionId: outcome.sessionId })) as RunOutcome;
    assert.strictEqual(resumed.status, 'completed', JSON.stringify(resumed));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), hello.after, 'the approved candidate is not on disk');
    const store = await (await api()).openStore();
    const step = store.getStep(outcome.sessionId, '1');
    assert.strictEqual(step?.changeSet?.applied, true);
    assert.strictEqual(step?.metrics.verification?.passed, true, 'the verifier did not run on the applied edit');

    // The edit went through the editor: Undo takes it back.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.getText(), hello.after);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), GREET_BEFORE, 'undo did not restore the file');
    await doc.save();
  });

  test('Reject discards the candidate and resamples', async () => {
    const first = greetCandidate('Hello');
    const second = greetCandidate('Howdy');
    // The script restarts with each run: after the reject the model repeats the rejected answer
    // once (one copy at k = 1 does not pause as rejected_repeated), then offers the other.
    const { outcome } = await pausedRun('reject-repo', [first.text, second.text, second.text, second.text]);
    assert.strictEqual(outcome.status, 'paused', await explain(outcome.sessionId));
    const store = await (await api()).openStore();
    const samplesBefore = store.getSamples(outcome.sessionId, '1').filter((s) => s.role === 'solver').length;
    assert.strictEqual(store.getStep(outcome.sessionId, '1')?.changeSet?.files[0].after, first.after);

    const again = (await vscode.commands.executeCommand('microfactory.rejectCandidate', { sessionId: outcome.sessionId })) as RunOutcome;
    assert.strictEqual(again.status, 'paused', JSON.stringify(again));
    const step = store.getStep(outcome.sessionId, '1');
    const samplesAfter = store.getSamples(outcome.sessionId, '1').filter((s) => s.role === 'solver').length;
    assert.ok(samplesAfter > samplesBefore, `no new samples were drawn (${samplesBefore} → ${samplesAfter})`);
    assert.strictEqual(step?.changeSet?.files[0].after, second.after, 'the rejected candidate came back');
  });
});
