// UI scenario "tidy" (R2.4 item 4): sessions run by the CLI in a terminal (sharing the editor's
// store) are archived from the Sessions view's context menu, shown again with Show Archived,
// unarchived, and one is deleted after the modal confirmation; the CLI agrees with each step.
// Screenshots: test-artifacts/tidy-*.png.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { extensionStoreDir, openWorkbench, palette, repoRoot, runScenario, shot, showSessionsView, step, widenSidebar } from './driver';

function cli(storeDir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { env: { ...process.env, MICROFACTORY_HOME: storeDir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`microfactory ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The prompts `status --json` lists (with --all, the archived ones too). */
function listed(storeDir: string, all: boolean): string[] {
  return (JSON.parse(cli(storeDir, ['status', '--json', ...(all ? ['--all'] : [])])) as { sessions: { prompt: string }[] }).sessions.map((s) => s.prompt);
}

/** Right-clicks the session's row and picks `action` in its context menu. */
async function contextAction(page: Page, prompt: string, action: string, screenshot?: string): Promise<void> {
  await page.locator('.monaco-list-row', { hasText: prompt }).first().click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: action }).first();
  await item.waitFor();
  if (screenshot) await shot(page, screenshot);
  // A menu that has just opened may swallow the first click (seen in CI: the menu stayed open
  // with the item hovered), so click until the menu closes, as a person would click again.
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 1; ; attempt++) {
    await item.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt === 3) throw new Error(`the context menu stayed open after clicking "${action}" three times`);
  }
}

runScenario('tidy', 6 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-tidy-'));
  const { server, page, browser } = await openWorkbench(workspace, {}, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });
  await showSessionsView(page); // opens the store, so the CLI's writes are watched
  await widenSidebar(page, 620);
  const storeDir = extensionStoreDir(server);
  const [keep, old, gone] = ['Hanoi to keep in sight', 'Hanoi to archive', 'Hanoi to delete'];
  for (const prompt of [keep, old, gone]) cli(storeDir, ['run', '--domain', 'hanoi', '--prompt', prompt, '--disks', '3', '--llm-provider', 'simulated', '--json']);
  const row = (prompt: string) => page.locator('.monaco-list-row', { hasText: prompt }).first();
  for (const prompt of [keep, old, gone]) await row(prompt).waitFor();
  step('three CLI sessions in the tree');

  // Archive from the context menu: the row leaves the list, the CLI's default list too.
  await contextAction(page, old, 'Archive Session', 'tidy-1-context-menu.png');
  await row(old).waitFor({ state: 'hidden' });
  if (listed(storeDir, false).includes(old) || !listed(storeDir, true).includes(old)) throw new Error('the CLI does not see the archive');
  await shot(page, 'tidy-2-archived-hidden.png');
  step('archived: hidden from the tree and from `status`, listed by `status --all`');

  // Show Archived: back in the list, marked; Unarchive from its context menu.
  await palette(page, 'Microfactory: Show Archived Sessions');
  await row(old).filter({ hasText: 'archived' }).waitFor();
  await shot(page, 'tidy-3-show-archived.png');
  await contextAction(page, old, 'Unarchive Session');
  await row(old).filter({ hasNotText: 'archived' }).waitFor();
  await palette(page, 'Microfactory: Hide Archived Sessions');
  if (!listed(storeDir, false).includes(old)) throw new Error('the CLI does not see the unarchive');
  step('shown with Show Archived, then unarchived');

  // Delete: a modal asks first; the toast says what was removed; the CLI no longer knows it.
  await contextAction(page, gone, 'Delete Session');
  const dialog = page.locator('.monaco-dialog-box', { hasText: `Delete the session "${gone}"?` });
  await dialog.waitFor();
  await shot(page, 'tidy-4-delete-confirm.png');
  await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
  await page.locator('.notification-toast', { hasText: `deleted "${gone}" (7 steps` }).waitFor();
  await row(gone).waitFor({ state: 'hidden' });
  await shot(page, 'tidy-5-deleted.png'); // while the toast is up
  if (listed(storeDir, true).includes(gone)) throw new Error('the CLI still lists the deleted session');
  await row(keep).waitFor();
  step('deleted after the modal; the toast says what was removed');
});
