// UI scenario "runChoices" (R2.4 items 10, 14, 5), driven from the palette and the views:
// Run Task on a workspace with uncommitted changes offers "Stash and Run", which stashes them
// (git stash) and runs; that run's provider cannot be reached, so it pauses naming the base URL
// with "Open Settings", which opens the provider settings; then a Hanoi run going on in the
// editor is paused by flipping the view's auto-approve toggle off, and finishes once it is
// flipped on and the run resumed. Screenshots: test-artifacts/runchoices-*.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeGreetRepo } from '../suite/fixtures';
import { openWorkbench, palette, runScenario, shot, showSessionsView, step, writeUserSettings } from './driver';

const UNREACHABLE = 'http://127.0.0.1:9/v1';

/**
 * Run Task through the palette; `runs` is what the domain picker must say will run (it reads the
 * settings when it opens, so after a settings change a person opens it again until it says so).
 */
async function runTask(page: Page, prompt: string, domain: string, runs?: RegExp): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await palette(page, 'Microfactory: Run Task');
    await page.locator('.quick-input-widget', { hasText: 'What should Microfactory do?' }).waitFor();
    await page.locator('.quick-input-widget input.input').fill(prompt);
    await page.keyboard.press('Enter');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: domain }).first();
    await row.waitFor();
    if (!runs || (await row.filter({ hasText: runs }).count())) return row.click();
    if (attempt >= 10) throw new Error(`the domain picker never said ${runs}: ${await row.textContent()}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
  }
}

const toast = (page: Page, text: string | RegExp) => page.locator('.notification-toast', { hasText: text }).first();
const titleAction = (page: Page, label: string) => page.locator(`.part.sidebar .title-actions .action-label[aria-label^="${label}"]`).first();

runScenario('runChoices', 8 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-choices-'));
  const repo = writeGreetRepo(workspace, 'app');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'start');
  writeFileSync(join(repo, 'src', 'greet.js'), '// my own work in progress\n', { flag: 'a' });
  const { server, page, browser } = await openWorkbench(repo, {
    'microfactory.provider': 'openai-compatible', 'microfactory.model': 'fake', 'microfactory.baseUrl': UNREACHABLE, 'microfactory.stepByStep': false,
  }, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });
  await showSessionsView(page);

  // 10. A dirty workspace: Stash and Run.
  await runTask(page, 'Make greet say Hello', 'code');
  const dirty = toast(page, 'has uncommitted changes');
  await dirty.waitFor();
  await shot(page, 'runchoices-1-stash-and-run.png');
  await dirty.locator('.monaco-button', { hasText: 'Stash and Run' }).click();
  step('Stash and Run clicked');

  // 14. The run's provider is unreachable: the pause names the URL and offers Open Settings.
  const pause = toast(page, `Calls went to`);
  await pause.filter({ hasText: '127.0.0.1:9' }).waitFor({ timeout: 180_000 });
  if (!git('stash', 'list').includes('microfactory: before "Make greet say Hello"')) throw new Error('the changes were not stashed');
  await shot(page, 'runchoices-2-provider-pause.png');
  await pause.locator('.monaco-button', { hasText: 'Open Settings' }).click();
  await page.locator('.settings-editor').waitFor();
  for (const setting of ['Provider', 'Model', 'Base Url']) await page.locator('.settings-editor .setting-item-title', { hasText: setting }).first().waitFor();
  await shot(page, 'runchoices-3-open-settings.png');
  // The settings open as a modal editor, over the palette: Escape closes it, as a person would.
  const settings = page.locator('.settings-editor');
  for (let i = 0; i < 3 && (await settings.isVisible()); i++) {
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
  await palette(page, 'View: Close All Editors');
  await palette(page, 'Notifications: Clear All Notifications');
  step('stashed; the provider pause named the URL; Open Settings opened the provider settings');

  // 5. A Hanoi run going on: Auto-Approve off pauses it after the step it is on; on again, and resumed, it finishes.
  writeUserSettings(server, { 'microfactory.provider': 'simulated', 'microfactory.simulated.latencyMs': 400, 'microfactory.simulated.errorRate': 0 });
  await runTask(page, 'Solve Towers of Hanoi with 5 disks', 'hanoi', /runs: simulated/);
  await page.locator('.monaco-list-row', { hasText: 'Solve Towers of Hanoi with 5 disks' }).filter({ hasText: 'running' }).first().waitFor();
  await titleAction(page, 'Turn Auto-Approve Off').click();
  const stepPause = toast(page, /Microfactory paused at step \d+.*step-by-step mode/);
  await stepPause.waitFor();
  await titleAction(page, 'Turn Auto-Approve On').waitFor();
  await shot(page, 'runchoices-4-auto-approve-off-paused.png');
  await titleAction(page, 'Turn Auto-Approve On').click();
  await titleAction(page, 'Turn Auto-Approve Off').waitFor();
  const go = stepPause.locator('.monaco-button', { hasText: /^(Approve|Resume|Continue)/ }).first();
  await go.click();
  await toast(page, 'Microfactory finished "Solve Towers of Hanoi with 5 disks"').waitFor({ timeout: 180_000 });
  await page.locator('.monaco-list-row', { hasText: 'Solve Towers of Hanoi with 5 disks' }).filter({ hasText: 'completed' }).first().waitFor();
  await shot(page, 'runchoices-5-auto-approve-on-finished.png');
  step('auto-approve flipped off mid-run paused it; on again, it finished without pausing');
});
