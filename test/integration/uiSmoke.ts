// UI smoke test: drives the real workbench page in headless Chromium like a user would — the
// command palette, "Microfactory: Run Task", the input box, the domain quick pick, the
// Sessions view, the session panel, a diff of a paused candidate, and a window reload that
// must restore the panel — and saves screenshots to test-artifacts/. It runs outside the
// extension-test payload, on the packaged VSIX when one is given (MICROFACTORY_VSIX).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { hostCache, startCodeServer, type CodeServer } from './host/codeServer';
import { launchChromium, type LaunchedBrowser } from './host/browser';
import { greetCandidate, writeGreetRepo, writeScript } from './suite/fixtures';

const repoRoot = resolve(__dirname, '..', '..', '..');
const artifacts = join(repoRoot, 'test-artifacts');
const PROMPT = 'Solve <b>Towers of Hanoi</b> with 5 disks';
const DEADLINE_MS = 4 * 60_000;

function step(msg: string): void {
  console.log(`[ui] ${msg}`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, name) });
  step(`saved test-artifacts/${name}`);
}

async function palette(page: Page, command: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first();
  // The palette lists what was registered when it opened: while the extension host is still
  // starting, close it and open it again.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${command}`);
    try {
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      if (attempt >= 10) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
  await page.keyboard.press('Enter');
}

/** The frame inside the session webview (webviews nest an iframe in an iframe). */
async function sessionFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if (await f.locator('main#app h1').count()) return f;
      } catch {
        // frame detached while probing
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the session panel never rendered');
}

/** The session panel's title, found again if the frame it was first found in goes away meanwhile. */
async function sessionTitle(page: Page, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = await sessionFrame(page, Math.max(1000, deadline - Date.now()));
    try {
      return await frame.locator('main#app h1').textContent({ timeout: 5000 });
    } catch (err) {
      if (Date.now() > deadline || !/detached/i.test((err as Error).message)) throw err;
    }
  }
}

/** Shows the Sessions view; clicking the activity-bar icon of the visible container would hide it. */
async function showSessionsView(page: Page): Promise<void> {
  const title = page.locator('.part.sidebar .composite.title', { hasText: 'Microfactory' });
  if (await title.isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="Microfactory"]').first().click();
  await title.waitFor();
}

function writeUserSettings(server: CodeServer, extra: Record<string, unknown>): void {
  const file = join(server.root, 'user-data', 'User', 'settings.json');
  const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...current, ...extra }, null, 2));
}

async function main(): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const workspace = mkdtempSync(join(tmpdir(), 'mf-ui-workspace-'));
  const repo = writeGreetRepo(workspace, 'app');
  writeFileSync(join(workspace, 'README.md'), '# demo workspace\n');
  const vsix = process.env.MICROFACTORY_VSIX;
  let server: CodeServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page | undefined;
  const timer = setTimeout(() => {
    console.error(`[ui] TIMED OUT after ${DEADLINE_MS} ms`);
    void browser?.close();
    void server?.stop().then(() => process.exit(124));
  }, DEADLINE_MS);
  try {
    // No smoke-test driver: it would hide the notifications we want to see.
    server = await startCodeServer({ smokeTestDriver: false });
    if (vsix) {
      step(`installing ${vsix}`);
      execFileSync(join(hostCache(), 'code-server'), ['--extensions-dir', join(server.root, 'extensions'), '--user-data-dir', join(server.root, 'user-data'), '--install-extension', vsix], {
        env: { ...process.env, XDG_CONFIG_HOME: join(server.root, 'xdg-config'), XDG_DATA_HOME: join(server.root, 'xdg-data') },
        stdio: 'ignore',
      });
    }
    // Slow the demo model a little so the progress notification can be seen.
    writeUserSettings(server, { 'microfactory.simulated.latencyMs': 60, 'microfactory.simulated.errorRate': 0.15, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true });
    browser = await launchChromium({ width: 1500, height: 900 });
    // A persistent context starts with one blank tab: use it (a second tab would hide failures).
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const payload: [string, string][] | undefined = vsix ? undefined : [['extensionDevelopmentPath', server.remote(repoRoot)]];
    await page.goto(server.url(workspace, payload));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    step('workbench loaded');

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
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width + 1, y);
      await page.mouse.down();
      await page.mouse.move(640, y, { steps: 8 });
      await page.mouse.up();
    }
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
    const storeDir = join(server.root, 'user-data', 'User', 'globalStorage', 'microfactory.microfactory', 'store');
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
  } catch (err) {
    if (page) await page.screenshot({ path: join(artifacts, 'ui-failure.png') }).catch(() => undefined);
    console.error('--- code-server log (last 60 lines) ---\n' + (server?.log().split('\n').slice(-60).join('\n') ?? ''));
    throw err;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  }
}

const t0 = Date.now();
main().then(
  () => {
    console.log(`[ui] smoke test passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  (err) => {
    console.error('[ui] smoke test failed:', err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
