// UI scenario: deciding paused code steps where a person clicks, in the real workbench. Each
// session is started by the CLI (as in a terminal, sharing the extension's store) and pauses
// step by step; the editor shows it in the status bar and on the Sessions view's badge, and it
// is decided (a) from the candidate diff's title bar, (b) from the session panel, (c) with an
// edit ("Approve My Edit"), (d) rejected with feedback, then the next candidate approved, and
// (e) a rejected answer that keeps coming back pauses once and the session is cancelled.
// Screenshots go to test-artifacts/decide-*.png. Every wait is for something on screen, within
// the driver's UI_TIMEOUT_MS (no fixed limits tuned to an idle machine: it runs beside others).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { greetCandidate, writeGreetRepo, writeScript } from '../suite/fixtures';
import { extensionStoreDir, frameWhere, openWorkbench, palette, repoRoot, runScenario, shot, showSessionsView, step, UI_TIMEOUT_MS } from './driver';

/** The session panel's frame that shows a decision card (several panels may exist). */
function decisionFrame(page: Page, text: RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
  return frameWhere(
    page,
    async (f) => {
      const card = f.locator('section#decision:not([hidden])');
      return (await card.count()) > 0 && text.test((await card.textContent({ timeout: 1000 })) ?? '');
    },
    `no session panel shows a decision matching ${text}`,
    timeoutMs,
  );
}

runScenario('ui-decide', 10 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-decide-'));
  const repo = writeGreetRepo(workspace, 'app');
  const greetFile = join(repo, 'src', 'greet.js');
  const { server, page, browser } = await openWorkbench(workspace, {}, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });
  await showSessionsView(page); // opens the store, so other processes' writes are watched
  const storeDir = extensionStoreDir(server);

  /** A CLI run that pauses step by step on its first candidate (the solver's replies, in order). */
  const pausedRun = (prompt: string, solver: unknown[]): string => {
    const scriptPath = writeScript({ solver, solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', '--domain', 'code', '--prompt', prompt, '--json',
      '--llm-provider', 'scripted', '--script', scriptPath, '--samples', '2', '--k', '1', '--step-by-step', '--repo-path', repo], {
      env: { ...process.env, MICROFACTORY_HOME: storeDir }, encoding: 'utf8',
    });
    if (cli.status !== 3) throw new Error(`the CLI run did not pause (exit ${cli.status}):\n${cli.stderr}\n${cli.stdout}`);
    step(`CLI session paused: ${prompt}`);
    return (JSON.parse(cli.stdout) as { session_id: string }).session_id;
  };
  const statusItem = page.locator('.part.statusbar .statusbar-item', { hasText: 'Microfactory: 1 paused' });
  /**
   * What a person waits for before clicking: the paused item naming *this* session (its hover
   * and accessible name say which one waits), not any "1 paused" that may still be up.
   */
  const waitingFor = async (prompt: string) => {
    const item = statusItem.filter({ has: page.locator(`[aria-label*='"${prompt}" waits for your decision']`) }).or(page.locator(`.part.statusbar .statusbar-item[aria-label*='"${prompt}" waits for your decision']`)).first();
    await item.waitFor();
    return item;
  };
  /** After a decision the item goes away, before the next session is started. */
  const itemGone = () => statusItem.waitFor({ state: 'hidden' });
  const finished = async (prompt: string) => {
    const text = `Microfactory finished "${prompt}"`;
    if (await page.locator('.notification-toast', { hasText: text }).first().waitFor({ timeout: 30_000 }).then(() => true, () => false)) return;
    // A toast hides itself after some seconds (once seen in CI, a slow page may miss it); the
    // notification stays in the notification center, where a person would look next.
    await palette(page, 'Notifications: Show Notifications');
    await page.locator('.notifications-center .notification-list-item', { hasText: text }).first().waitFor();
    await page.keyboard.press('Escape');
  };
  const onDisk = () => readFileSync(greetFile, 'utf8');
  const closeEditors = async () => {
    await palette(page, 'View: Close All Editors');
    await page.waitForTimeout(500);
  };
  const clearToasts = async () => {
    await palette(page, 'Notifications: Clear All Notifications');
  };
  const titleButton = (label: string) => page.locator(`.editor-actions .action-label[aria-label^="${label}"]`).first();

  // (a) The status-bar item and the badge; Show Diff from the panel; Approve in the diff's title bar.
  const promptA = 'Make greet say Hello';
  pausedRun(promptA, [{ text: greetCandidate('Hello').text }, { text: greetCandidate('Hello').text }]);
  const itemA = await waitingFor(promptA);
  await page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Microfactory"]') }).locator('.badge .badge-content', { hasText: '1' }).waitFor();
  await shot(page, 'decide-1-status-bar-and-badge.png');
  await itemA.click();
  let frame = await decisionFrame(page, /Waiting for you: step 1 "Make greet say Hello"/);
  await frame.locator('#decision button[data-action="showDiff"]').click();
  await page.locator('.editor-instance .monaco-diff-editor').first().waitFor();
  const approveButton = titleButton('Approve Candidate');
  await approveButton.waitFor();
  await titleButton('Edit Candidate').waitFor();
  await titleButton('Reject with Feedback').waitFor();
  await page.waitForTimeout(500);
  await shot(page, 'decide-2-title-bar-buttons.png');
  await approveButton.click();
  await finished(promptA);
  if (onDisk() !== greetCandidate('Hello').after) throw new Error(`(a) the approved change is not on disk:\n${onDisk()}`);
  if (await page.locator('.tab', { hasText: 'greet.js' }).filter({ hasText: /paused candidate|↔/ }).count()) throw new Error('(a) the candidate diff tab is still open');
  await itemGone();
  step('(a) approved from the title bar; the diff tab closed, the status item is gone');
  await closeEditors();
  await clearToasts();

  // (b) From the panel: the decision card shows the diff beside the tally and the candidates.
  const promptB = 'Make greet say Hi';
  pausedRun(promptB, [{ text: greetCandidate('Hi').text }, { text: greetCandidate('Hi').text }]);
  await (await waitingFor(promptB)).click();
  frame = await decisionFrame(page, /Make greet say Hi/);
  await frame.locator('#decision pre.decision-diff span.add', { hasText: "return 'Hi, '" }).waitFor();
  await frame.locator('#decision .decision-tally li').first().waitFor();
  await shot(page, 'decide-3-panel-decision.png');
  await frame.locator('#decision button[data-action="approve"]').click();
  await finished(promptB);
  if (onDisk() !== greetCandidate('Hi').after) throw new Error(`(b) the approved change is not on disk:\n${onDisk()}`);
  await itemGone();
  step('(b) approved from the panel');
  await closeEditors();
  await clearToasts();

  // (c) Edit, then Approve My Edit: the typed text is what lands on disk.
  const promptC = 'Make greet say Howdy';
  const idC = pausedRun(promptC, [{ text: greetCandidate('Howdy').text }, { text: greetCandidate('Howdy').text }]);
  await (await waitingFor(promptC)).click();
  frame = await decisionFrame(page, /Make greet say Howdy/);
  await frame.locator('#decision button[data-action="edit"]').click();
  const editTab = page.locator('.tab', { hasText: 'your edit' }).first();
  await editTab.waitFor();
  // Type at the end of the editable (right) side.
  await page.locator('.editor-instance .monaco-diff-editor .editor.modified .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// reviewed by a person');
  const approveEdit = titleButton('Approve My Edit');
  await approveEdit.waitFor();
  await page.waitForTimeout(500);
  await shot(page, 'decide-4-edit.png');
  await approveEdit.click();
  await finished(promptC);
  if (!onDisk().includes("'Howdy, '") || !onDisk().includes('// reviewed by a person')) throw new Error(`(c) the edited text is not on disk:\n${onDisk()}`);
  const status = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'status', '--session-id', idC, '--json'], { env: { ...process.env, MICROFACTORY_HOME: storeDir }, encoding: 'utf8' });
  if (!/"human_edited":\s*true/.test(status.stdout)) throw new Error(`(c) the step is not recorded as human-edited:\n${status.stdout}`);
  await itemGone();
  step('(c) approved with an edit, recorded as human-edited');
  await closeEditors();
  await clearToasts();

  // (d) Reject with feedback: the reason reaches the solver, whose next candidate is approved.
  const promptD = 'Make greet say something friendlier';
  pausedRun(promptD, [{ when: 'say Yo instead', text: greetCandidate('Yo').text, repeat: true }, { text: greetCandidate('Hey').text, repeat: true }]);
  await (await waitingFor(promptD)).click();
  frame = await decisionFrame(page, /something friendlier/);
  await frame.locator('#decision button[data-action="rejectWithFeedback"]').click();
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget', { hasText: 'The solver\'s next prompt gets your words' }).waitFor();
  await input.fill('say Yo instead');
  await shot(page, 'decide-5-feedback-prompt.png');
  await page.keyboard.press('Enter');
  // The resumed run draws again with the feedback and pauses on the new candidate.
  frame = await decisionFrame(page, /something friendlier/);
  await frame.locator('#decision pre.decision-diff span.add', { hasText: "return 'Yo, '" }).waitFor();
  await shot(page, 'decide-6-next-candidate.png');
  await frame.locator('#decision button[data-action="approve"]').click();
  await finished(promptD);
  // The planner keeps the file's own ending: after (c) it had no final newline.
  if (onDisk().trimEnd() !== greetCandidate('Yo').after.trimEnd()) throw new Error(`(d) the candidate drawn after the feedback is not on disk:\n${onDisk()}`);
  await itemGone();
  step('(d) rejected with feedback, then the next candidate approved');
  await closeEditors();
  await clearToasts();

  // (e) The model keeps proposing the rejected answer: one clear pause, then Cancel Session.
  const promptE = 'Make greet say Hey';
  pausedRun(promptE, [{ text: greetCandidate('Hey').text, repeat: true }]);
  await (await waitingFor(promptE)).click();
  frame = await decisionFrame(page, /Make greet say Hey/);
  await frame.locator('#decision button[data-action="reject"]').click();
  frame = await decisionFrame(page, /the model keeps proposing the rejected answer/);
  for (const action of ['edit', 'rejectWithFeedback', 'skip', 'cancel']) await frame.locator(`#decision button[data-action="${action}"]`).waitFor();
  if (await frame.locator('#decision button[data-action="approve"]').count()) throw new Error('(e) Approve is offered again on the rejected answer');
  await shot(page, 'decide-7-repeated-rejection.png');
  await frame.locator('#decision button[data-action="cancel"]').click();
  await itemGone();
  await frame.locator('section#decision').waitFor({ state: 'hidden' });
  await frame.locator('.badge.status-cancelled', { hasText: 'cancelled' }).waitFor();
  await showSessionsView(page);
  await page.locator('.monaco-list-row', { hasText: promptE }).filter({ hasText: 'cancelled' }).first().waitFor();
  await shot(page, 'decide-8-cancelled.png');
  step('(e) repeated rejection paused once; the session was cancelled');
});
