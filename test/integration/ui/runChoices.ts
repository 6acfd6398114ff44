// UI scenario "runChoices" (R2.4 items 10, 14), driven from the palette and the views:
// Run Task on a workspace with uncommitted changes offers "Stash and Run", which stashes them
// (git stash) and runs; that run's provider cannot be reached, so it pauses naming the base URL
// with "Open Settings", which opens the provider settings. Screenshots: test-artifacts/runchoices-*.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeGreetRepo } from '../suite/fixtures';
import { openWorkbench, palette, runScenario, shot, showSessionsView, step } from './driver';

const UNREACHABLE = 'http://127.0.0.1:9/v1';

async function runTask(page: Page, prompt: string, domain: string): Promise<void> {
  await palette(page, 'Microfactory: Run Task');
  await page.locator('.quick-input-widget', { hasText: 'What should Microfactory do?' }).waitFor();
  await page.locator('.quick-input-widget input.input').fill(prompt);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: domain }).first().click();
}

const toast = (page: Page, text: string | RegExp) => page.locator('.notification-toast', { hasText: text }).first();

runScenario('runChoices', 8 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-choices-'));
  const repo = writeGreetRepo(workspace, 'app');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'start');
  writeFileSync(join(repo, 'src', 'greet.js'), '// my own work in progress\n', { flag: 'a' });
  const { page, browser } = await openWorkbench(repo, {
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
  // Nothing follows in this scenario: the workbench is closed with the settings still open (after
  // Escape closed the modal settings editor, the palette no longer took input in code-server).
  step('stashed; the provider pause named the URL; Open Settings opened the provider settings');
});
