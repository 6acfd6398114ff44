// UI scenario "views" (R2.4 items 6–12, 15), driven as a person does in the real workbench:
// Set API Key's list of key sources with a delete; the domain picker showing what will run and
// preselecting hanoi; a paused session (started by the CLI in a terminal) whose panel, tree and
// CLI agree on its numbers; Approve from the panel, then the step's verifier result and output;
// the editor's Undo marking the step undone (and Redo applied again); "Restore to before" a
// step deciding the paused session; and a broken config.yaml in the Problems view with one
// "Open at Line" notification. Screenshots: test-artifacts/views-*.png.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { GREET_BEFORE, greetCandidate, writeGreetRepo, writeScript } from '../suite/fixtures';
import { extensionStoreDir, openWorkbench, palette, repoRoot, runScenario, sessionFrame, shot, showSessionsView, step, widenSidebar } from './driver';

const TASK = 'Change the greeting in src/greet.js to a friendlier Hello';
const FULL_STOP = "function greet(name) {\n  return 'Hello, ' + name + '.';\n}\nmodule.exports = { greet };\n";

function cli(storeDir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { env: { ...process.env, MICROFACTORY_HOME: storeDir }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function statusJson(storeDir: string, id: string): { status: string; samples: number; red_flags: number; steps: { id: string; votes_label: string | null; status: string }[] } {
  const r = cli(storeDir, ['status', '--session-id', id, '--json']);
  if (r.status !== 0) throw new Error(`status failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { session?: unknown } & Record<string, unknown>;
  return (j.session ?? j) as never;
}

async function waitFor(what: string, timeoutMs: number, test: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The text of a panel card ("samples", "red flags"). */
async function card(frame: Frame, label: string): Promise<string> {
  return (await frame.locator('.metric', { has: frame.locator('.label', { hasText: new RegExp(`^${label}$`) }) }).locator('.value').textContent()) ?? '';
}

async function quickPickRow(page: Page, text: string | RegExp) {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 20_000 });
  return row;
}

runScenario('views', 5 * 60_000, async (hold) => {
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-views-'));
  const repo = writeGreetRepo(workspace, 'app');
  // What the picker must show is what runs after the settings: not the config's model names.
  const { server, page, browser } = await openWorkbench(workspace, {
    'microfactory.provider': 'openai-compatible', 'microfactory.model': 'fake', 'microfactory.baseUrl': 'http://127.0.0.1:9/v1',
  }, (s) => (hold.server = s));
  Object.assign(hold, { page, browser });
  const storeDir = extensionStoreDir(server);

  // 15. Keys: store one, see the list say where each key comes from (never the key), delete it.
  await palette(page, 'Microfactory: Set API Key');
  const openai = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^openai$/ }) }).first();
  await openai.filter({ hasText: 'no key' }).waitFor({ timeout: 20_000 });
  await openai.click();
  await page.locator('.quick-input-widget', { hasText: 'openai API key' }).waitFor();
  await page.locator('.quick-input-widget input.input').fill('sk-views-test-key');
  await page.keyboard.press('Enter');
  await page.locator('.notification-toast', { hasText: 'openai key stored securely' }).waitFor({ timeout: 15_000 });
  await palette(page, 'Microfactory: Set API Key');
  await quickPickRow(page, 'key stored in VS Code');
  const remove = await quickPickRow(page, 'Remove the stored openai key');
  if ((await page.locator('.quick-input-widget').textContent())?.includes('sk-views-test-key')) throw new Error('the key itself is shown');
  await shot(page, 'views-keys-list.png');
  await remove.click();
  await page.locator('.notification-toast', { hasText: 'removed the stored openai key' }).waitFor({ timeout: 15_000 });
  step('key stored, listed and removed');

  // 12. The domain picker: what will run, and hanoi preselected for a Hanoi prompt.
  await palette(page, 'Microfactory: Run Task');
  await page.locator('.quick-input-widget', { hasText: 'What should Microfactory do?' }).waitFor({ timeout: 30_000 });
  await page.locator('.quick-input-widget input.input').fill('Solve Towers of Hanoi with 3 disks');
  await page.keyboard.press('Enter');
  const first = page.locator('.quick-input-widget .monaco-list-row').first();
  await first.filter({ hasText: 'hanoi' }).waitFor({ timeout: 30_000 });
  const firstText = (await first.textContent()) ?? '';
  if (!/suggested/.test(firstText)) throw new Error(`hanoi is not the suggested first item: ${firstText}`);
  await quickPickRow(page, 'runs: openai-compatible · fake');
  if (await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'gpt-5.1-codex' }).count()) throw new Error('the picker shows the config\'s model names');
  await shot(page, 'views-domain-pick.png');
  await page.keyboard.press('Escape');
  step('domain picker checked');

  // 6. A session paused by the CLI (as in a terminal): step 1.1 waits, step-by-step.
  await showSessionsView(page); // opens the store, so the CLI's writes are watched
  const script = writeScript({
    decomposition: [{ text: '1. Make greet say Hello\n2. Make greet end with a full stop (after 1)', repeat: true }],
    decomposition_discriminator: [{ text: 'OPTION: 1', repeat: true }],
    solver: [{ when: 'say Hello', text: greetCandidate('Hello').text, repeat: true }, { when: 'full stop', text: `<file path="src/greet.js">\n${FULL_STOP}</file>`, repeat: true }],
    solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
  });
  const run = cli(storeDir, ['run', '--domain', 'code', '--prompt', TASK, '--llm-provider', 'scripted', '--script', script, '--samples', '2', '--k', '1', '--step-by-step', '--repo-path', repo, '--json']);
  if (run.status !== 3) throw new Error(`the CLI run did not pause (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  const id = (JSON.parse(run.stdout) as { session_id: string }).session_id;
  const approveDecomposition = cli(storeDir, ['resume', '--session-id', id, '--approve']);
  if (approveDecomposition.status !== 3) throw new Error(`the decomposition approval did not pause on step 1.1: ${approveDecomposition.stderr}`);
  step(`session ${id} paused on step 1.1`);
  // The greet file open in an editor, as a user reviewing it has it (the edit's Undo lives there).
  await palette(page, 'Go to File');
  await page.locator('.quick-input-widget input.input').fill('greet.js');
  await (await quickPickRow(page, 'greet.js')).click();
  await page.locator('.editor-instance .view-lines', { hasText: "return 'Hi '" }).waitFor({ timeout: 15_000 });

  const sessionRow = page.locator('.monaco-list-row', { hasText: TASK }).first();
  await sessionRow.waitFor({ timeout: 30_000 });
  await sessionRow.locator('.monaco-tl-twistie').click();
  const rootRow = page.locator('.monaco-list-row[aria-level="2"]', { hasText: TASK }).first();
  await rootRow.waitFor({ timeout: 15_000 });
  await rootRow.locator('.monaco-tl-twistie').click();
  const stepRow = page.locator('.monaco-list-row', { hasText: 'Make greet say Hello' }).first();
  await stepRow.waitFor({ timeout: 15_000 });
  await widenSidebar(page, 560);
  await sessionRow.locator('.label-name').click();
  let frame = await sessionFrame(page);
  await frame.locator('tr[data-step="1.1"]').waitFor({ timeout: 30_000 });
  const stored = statusJson(storeDir, id);
  const treeVotes = (await stepRow.locator('.label-description').textContent()) ?? '';
  const panelVotes = (await frame.locator('tr[data-step="1.1"] td').nth(3).textContent()) ?? '';
  const cliVotes = stored.steps.find((s) => s.id === '1.1')?.votes_label ?? '';
  const figures = [await card(frame, 'samples'), await card(frame, 'red flags')];
  if (figures.join() !== [stored.samples, stored.red_flags].join()) throw new Error(`panel cards ${figures} vs the stored totals ${stored.samples}, ${stored.red_flags}`);
  if (!panelVotes || panelVotes !== cliVotes || !treeVotes.startsWith(panelVotes)) throw new Error(`votes differ: tree "${treeVotes}", panel "${panelVotes}", CLI/serve "${cliVotes}"`);
  await shot(page, 'views-paused-numbers.png');
  step(`numbers agree: ${figures.join(' samples, ')} red flags; votes "${panelVotes}"`);

  // 7. Approve from the panel: applied as an edit, verified; the step shows its verifier result.
  await frame.locator('button[data-action="approve"]').click();
  await waitFor('step 1.1 to be applied and verified', 60_000, async () => {
    frame = await sessionFrame(page);
    return (await frame.locator('tr[data-step="1.1"] .verify-pass').count()) > 0;
  });
  if (readFileSync(join(repo, 'src', 'greet.js'), 'utf8') !== greetCandidate('Hello').after) throw new Error('the approved change is not on disk');
  await frame.locator('tr[data-step="1.2"].status-waiting').waitFor({ timeout: 30_000 });
  await shot(page, 'views-verified.png');
  await frame.locator('tr[data-step="1.1"] button[data-action="showVerification"]').click();
  await page.locator('.editor-instance .view-lines', { hasText: '$ npm test --silent' }).waitFor({ timeout: 15_000 });
  await shot(page, 'views-verifier-output.png');
  step('verifier result and output shown');

  // 7. The editor's Undo takes the approved edit back: the step is marked undone. Redo: applied again.
  await page.locator('.tabs-container .tab', { hasText: 'greet.js' }).first().click();
  await page.locator('.editor-instance .view-lines', { hasText: "'Hello, '" }).first().click();
  await page.keyboard.press('Control+Z');
  await page.locator('.editor-instance .view-lines', { hasText: "return 'Hi '" }).waitFor({ timeout: 10_000 });
  await sessionRow.locator('.label-name').click();
  await waitFor('step 1.1 to be marked undone', 20_000, async () => {
    frame = await sessionFrame(page);
    return (await frame.locator('tr[data-step="1.1"].undone').count()) > 0;
  });
  await shot(page, 'views-undone.png');
  await page.locator('.tabs-container .tab', { hasText: 'greet.js' }).first().click();
  await page.locator('.editor-instance .view-lines', { hasText: "return 'Hi '" }).first().click();
  await page.keyboard.press('Control+Shift+Z');
  await page.locator('.editor-instance .view-lines', { hasText: "'Hello, '" }).waitFor({ timeout: 10_000 });
  await palette(page, 'File: Save');
  await sessionRow.locator('.label-name').click();
  await waitFor('step 1.1 to be applied again after Redo', 20_000, async () => {
    frame = await sessionFrame(page);
    return (await frame.locator('tr[data-step="1.1"] button[data-action="restoreBefore"]').count()) > 0;
  });
  step('undo marked the step undone, redo applied it again');

  // 8. "Restore to before step 1.1" decides the paused session: the file is back, byte for byte.
  await frame.locator('tr[data-step="1.1"] button[data-action="restoreBefore"]').click();
  await page.locator('.notification-toast', { hasText: /restored the workspace to before step/ }).waitFor({ timeout: 20_000 });
  await waitFor('the file restored on disk', 10_000, () => readFileSync(join(repo, 'src', 'greet.js'), 'utf8') === GREET_BEFORE);
  await waitFor('the session decided', 10_000, () => statusJson(storeDir, id).status === 'cancelled');
  frame = await sessionFrame(page);
  await frame.locator('tr[data-step="1.1"].undone').waitFor({ timeout: 15_000 });
  // Decided: nothing waits any more; the step it waited on is solved again on the next resume.
  await frame.locator('tr[data-step="1.2"].status-pending').waitFor({ timeout: 15_000 });
  await shot(page, 'views-restore.png');
  step('restored to before step 1.1; the session is no longer waiting');

  // 11. A broken config.yaml: in Problems at its line, one notification with "Open at Line".
  await page.locator('.notifications-toasts .codicon-notifications-clear-all').first().click().catch(() => undefined);
  writeFileSync(join(workspace, 'config.yaml'), 'domains:\n  code:\n    flow: tree\n    vote: judge\n    colour: blue\n');
  await palette(page, 'Microfactory: Open Config');
  const told = page.locator('.notification-toast', { hasText: /config\.yaml line \d+/ });
  await told.waitFor({ timeout: 30_000 });
  if ((await told.count()) !== 1) throw new Error('the config problem was told more than once');
  await palette(page, 'View: Toggle Problems');
  await page.locator('.markers-panel .monaco-list-row', { hasText: /colour|domains/ }).first().waitFor({ timeout: 15_000 });
  await told.getByRole('button', { name: 'Open at Line' }).click();
  await page.waitForTimeout(800);
  await shot(page, 'views-config-problem.png');
  step('config problem shown in Problems with Open at Line');
});
