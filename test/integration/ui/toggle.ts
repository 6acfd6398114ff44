// UI scenario "toggle" (R2.4 item 5): the auto-approve toggle flipped in the middle of a run.
// A Hanoi run on the built-in simulated model starts from the palette with step-by-step on
// (set before the workbench opens, as every scenario's settings are), pauses after its first
// move; the Sessions view's title-bar toggle is clicked, the paused move approved from the
// panel, and the rest of the run goes through without another pause: the status bar's paused
// item never comes back, and the tree and the panel say completed and solved.
// Screenshots: test-artifacts/toggle-*.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { frameWhere, openWorkbench, palette, runScenario, shot, showSessionsView, step, UI_TIMEOUT_MS, widenSidebar } from './driver';

const PROMPT = 'Solve Towers of Hanoi with 4 disks';
const MOVES = 15;

/** The session panel's frame once it shows `selector` (a panel may be re-rendered meanwhile). */
function panelWith(page: Page, selector: string): Promise<Frame> {
  return frameWhere(page, async (f) => (await f.locator(selector).count()) > 0, `no session panel shows ${selector}`, UI_TIMEOUT_MS);
}

runScenario('toggle', 6 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-toggle-'));
  // No red flags, so the only pause is step-by-step's; a little latency, as a real model has.
  const { page, browser } = await openWorkbench(workspace, {
    'microfactory.provider': 'simulated', 'microfactory.stepByStep': true, 'microfactory.hanoi.disks': 4,
    'microfactory.simulated.latencyMs': 40, 'microfactory.simulated.errorRate': 0,
  }, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });
  await showSessionsView(page);
  await widenSidebar(page, 560);
  const viewAction = (label: string) => page.locator(`.part.sidebar .title-actions .action-label[aria-label^="${label}"]`).first();
  const turnOn = viewAction('Turn Auto-Approve On');
  const turnOff = viewAction('Turn Auto-Approve Off');
  // Step-by-step on: the toggle offers to turn auto-approve on.
  await turnOn.waitFor();

  // 1. Run Task from the palette; the run pauses after its first move.
  await palette(page, 'Microfactory: Run Task');
  await page.locator('.quick-input-widget', { hasText: 'What should Microfactory do?' }).waitFor();
  await page.locator('.quick-input-widget input.input').fill(PROMPT);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'hanoi' }).first().click();
  step('run started');
  const pausedItem = page.locator('.part.statusbar .statusbar-item', { hasText: 'Microfactory: 1 paused' });
  await pausedItem.waitFor();
  const decision = await panelWith(page, 'section#decision:not([hidden])');
  const card = (await decision.locator('section#decision').textContent()) ?? '';
  if (!/Waiting for you: step 1\b/.test(card)) throw new Error(`the first pause is not at step 1: ${card}`);
  const sessionRow = page.locator('.part.sidebar .monaco-list-row', { hasText: PROMPT }).first();
  await sessionRow.filter({ hasText: 'paused' }).waitFor();
  await shot(page, 'toggle-1-paused.png');
  step('paused at step 1');

  // 2. The toggle in the Sessions view's title bar: auto-approve on, step-by-step off.
  await turnOn.click();
  await turnOff.waitFor();
  if (await turnOn.isVisible()) throw new Error('the toggle still offers to turn auto-approve on');
  await page.waitForTimeout(300); // the button's icon repaint
  await shot(page, 'toggle-2-auto-approve-on.png');
  step('auto-approve on');

  // 3. Approve the paused move from the panel; the other moves go through without a pause.
  await decision.locator('#decision button[data-action="approve"]').click();
  const finished = page.locator('.notification-toast', { hasText: `Microfactory finished "${PROMPT}"` }).first();
  // A later pause shows as its own toast (step 2 onwards) and as the paused item coming back
  // after it went away; either fails the scenario. Watched until the run says it finished.
  const laterPause = page.locator('.notification-toast', { hasText: /Microfactory paused at step (?!1 )\d+/ }).first();
  const noLaterPause = async () => {
    if (await laterPause.isVisible()) throw new Error(`the run paused again after auto-approve was turned on: ${await laterPause.locator('.notification-list-item-message').textContent()}`);
  };
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let itemWentAway = false;
  while (!(await finished.isVisible())) {
    await noLaterPause();
    const itemUp = await pausedItem.isVisible();
    if (itemWentAway && itemUp) throw new Error('the paused item came back after the approval');
    itemWentAway ||= !itemUp;
    if (Date.now() > deadline) throw new Error('the run did not finish after the approval');
    await page.waitForTimeout(200);
  }
  await noLaterPause();
  await pausedItem.waitFor({ state: 'hidden' });
  await sessionRow.filter({ hasText: 'completed' }).waitFor();
  // The panel: completed, solved, every move decided, no decision card.
  const done = await panelWith(page, 'main#app .badge.status-completed');
  await done.locator('main#app .badge.verdict-solved', { hasText: 'solved' }).waitFor();
  if (await done.locator('section#decision:not([hidden])').count()) throw new Error('the panel still shows a decision');
  await sessionRow.locator('.monaco-tl-twistie').click();
  await page.locator('.part.sidebar .monaco-list-row', { hasText: `#${MOVES} ` }).first().waitFor();
  await shot(page, 'toggle-3-completed.png');
  step(`completed and solved: ${MOVES} moves, one pause`);
});
