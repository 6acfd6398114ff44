// UI smoke test: drives the real workbench page in headless Chromium like a user would — the
// command palette, "Microfactory: Run Task", the input box, the domain quick pick, the
// Sessions view, the session panel, a diff of a paused candidate, and a window reload that
// must restore the panel — and saves screenshots to test-artifacts/. It runs outside the
// extension-test payload, on the packaged VSIX when one is given (MICROFACTORY_VSIX).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { greetCandidate, writeGreetRepo, writeScript } from '../suite/fixtures';
import { extensionStoreDir, openWorkbench, palette, repoRoot, runScenario, sessionFrame, sessionTitle, shot, showSessionsView, step, widenSidebar } from './driver';

const PROMPT = 'Solve <b>Towers of Hanoi</b> with 5 disks';

runScenario('ui-smoke', 4 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-workspace-'));
  const repo = writeGreetRepo(workspace, 'app');
  writeFileSync(join(workspace, 'README.md'), '# demo workspace\n');
  // Slow the demo model a little so the progress notification can be seen.
  const { server, page, browser } = await openWorkbench(workspace, { 'microfactory.simulated.latencyMs': 60, 'microfactory.simulated.errorRate': 0.15 }, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });

  // 1. Run Task through the palette, the input box and the domain quick pick.
  await palette(page, 'Microfactory: Run Task');
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget', { hasText: 'What should Microfactory do?' }).waitFor({ timeout: 30_000 });
  await input.fill(PROMPT);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hanoi' }).first().waitFor({ timeout: 30_000 });
  await shot(page, 'ui-1-domain-pick.png');
  await input.fill('hanoi');
  await page.keyboard.press('Enter');
  step('run started');
  // The progress notification (step counts, Cancel) and the status-bar item while it runs.
  const progress = page.locator('.notification-toast', { hasText: /step \d+\/31/ });
  if (await progress.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await shot(page, 'ui-2-progress.png');
  await page.locator('.notification-toast', { hasText: /Microfactory finished/ }).waitFor({ timeout: 90_000 });
  step('run finished');

  // 2. The Sessions view, with the session expanded to its steps and votes.
  await showSessionsView(page);
  const sessionRow = page.locator('.monaco-list-row', { hasText: 'Towers of Hanoi' }).first();
  await sessionRow.waitFor({ timeout: 30_000 });
  await sessionRow.locator('.monaco-tl-twistie').click();
  const stepRow = page.locator('.monaco-list-row', { hasText: /k=\d+ · \d+–\d+/ }).first();
  await stepRow.waitFor({ timeout: 15_000 });
  // Wider sidebar, so the vote columns are readable, and one step opened to its candidates.
  await widenSidebar(page, 640);
  await stepRow.locator('.monaco-tl-twistie').click();
  await page.locator('.monaco-list-row', { hasText: /votes? · winner/ }).first().waitFor({ timeout: 15_000 });
  await shot(page, 'ui-3-sessions-view.png');

  // 3. The session panel (a click on the session opens it).
  await sessionRow.locator('.label-name').click();
  const h1 = await sessionTitle(page, 30_000);
  const frame = await sessionFrame(page);
  if (h1 !== PROMPT) throw new Error(`panel title is ${JSON.stringify(h1)}: markup in the prompt was not rendered as text`);
  if ((await frame.locator('main#app b').count()) !== 0) throw new Error('markup from the prompt became DOM');
  await frame.locator('svg.chart-svg rect.bar-win').first().waitFor();
  await shot(page, 'ui-4-session-panel.png');

  // 4. A window reload restores the panel (WebviewPanelSerializer).
  // Through the workbench's own reload, which saves the editor state first (as a user would).
  await page.waitForTimeout(1500);
  // Wait for the page itself to navigate: until it does, the old workbench (and the old panel's
  // frame, about to be detached) is still there to be found.
  const mainFrame = page.mainFrame();
  const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === mainFrame, timeout: 60_000 });
  await palette(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  if ((await sessionTitle(page, 60_000)) !== PROMPT) throw new Error('the restored panel shows another session');
  step('panel restored after reload');

  // 5. A session started by the CLI (as in a terminal) pauses: the editor announces it, and
  //    the notification's Show Diff opens the candidate beside the file as it is.
  await showSessionsView(page); // the store is open, so other processes' writes are watched
  const storeDir = extensionStoreDir(server);
  if (!existsSync(join(storeDir, '..'))) throw new Error(`extension storage not found at ${storeDir}`);
  const scriptPath = writeScript({ solver: [{ text: greetCandidate('Hello').text }, { text: greetCandidate('Hey').text }], solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
  const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', '--domain', 'code', '--prompt', 'Make greet say Hello',
    '--llm-provider', 'scripted', '--script', scriptPath, '--samples', '2', '--k', '1', '--step-by-step', '--repo-path', repo], {
    env: { ...process.env, MICROFACTORY_HOME: storeDir }, encoding: 'utf8',
  });
  if (cli.status !== 3) throw new Error(`the CLI run did not pause (exit ${cli.status}):\n${cli.stderr}\n${cli.stdout}`);
  step('CLI session paused');
  await page.locator('.monaco-list-row', { hasText: 'Make greet say Hello' }).first().waitFor({ timeout: 30_000 });
  const toast = page.locator('.notification-toast', { hasText: /Microfactory paused at step 1 "Make greet say Hello"/ });
  await toast.waitFor({ timeout: 30_000 });
  await shot(page, 'ui-5-pause-notification.png');
  await toast.getByRole('button', { name: 'Show Diff' }).click();
  await page.locator('.editor-instance .monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await shot(page, 'ui-6-candidate-diff.png');

  // 6. Approve from the palette: applied as an edit in the editor, verified, completed.
  await palette(page, 'Microfactory: Approve Candidate');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Make greet say Hello' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.notification-toast', { hasText: /Microfactory finished "Make greet say Hello"/ }).waitFor({ timeout: 60_000 });
  const onDisk = readFileSync(join(repo, 'src', 'greet.js'), 'utf8');
  if (onDisk !== greetCandidate('Hello').after) throw new Error(`the approved change is not on disk:\n${onDisk}`);
  await shot(page, 'ui-7-approved.png');
  step('done');
});
