// The pieces every UI scenario shares: start code-server with the extension (the packaged VSIX
// when MICROFACTORY_VSIX is set), open the workbench in headless Chromium, and drive it the way
// a person does — the palette, the Sessions view, the session panel — saving screenshots to
// test-artifacts/. Each scenario is its own script, so one failing flow names itself.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { hostCache, startCodeServer, type CodeServer } from '../host/codeServer';
import { launchChromium, type LaunchedBrowser } from '../host/browser';

export const repoRoot = resolve(__dirname, '..', '..', '..', '..');
export const artifacts = join(repoRoot, 'test-artifacts');

export function step(msg: string): void {
  console.log(`[ui] ${msg}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, name) });
  step(`saved test-artifacts/${name}`);
}

export async function palette(page: Page, command: string): Promise<void> {
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

/**
 * The first frame for which `matches` holds, polled until `timeoutMs` (webviews nest an iframe in
 * an iframe, and a panel may be re-rendered meanwhile); `what` is the error when none does.
 */
export async function frameWhere(page: Page, matches: (f: Frame) => Promise<boolean>, what: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if (await matches(f)) return f;
      } catch {
        // frame detached while probing
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(what);
}

/** The frame inside the session webview. */
export function sessionFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return frameWhere(page, async (f) => (await f.locator('main#app h1').count()) > 0, 'the session panel never rendered', timeoutMs);
}

/** The session panel's title, found again if the frame it was first found in goes away meanwhile. */
export async function sessionTitle(page: Page, timeoutMs: number): Promise<string | null> {
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
export async function showSessionsView(page: Page): Promise<void> {
  const title = page.locator('.part.sidebar .composite.title', { hasText: 'Microfactory' });
  if (await title.isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="Microfactory"]').first().click();
  await title.waitFor();
}

/** Drags the sidebar's edge to `x`, so tree descriptions (votes, costs) are readable in screenshots. */
export async function widenSidebar(page: Page, x: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}

export function writeUserSettings(server: CodeServer, extra: Record<string, unknown>): void {
  const file = join(server.root, 'user-data', 'User', 'settings.json');
  const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...current, ...extra }, null, 2));
}

/** The extension's store inside code-server's user data: a CLI run pointed here (MICROFACTORY_HOME) shares it. */
export function extensionStoreDir(server: CodeServer): string {
  return join(server.root, 'user-data', 'User', 'globalStorage', 'microfactory.microfactory', 'store');
}

/** How long a UI wait may take before it fails (MICROFACTORY_UI_TIMEOUT_MS overrides). */
export const UI_TIMEOUT_MS = Number(process.env.MICROFACTORY_UI_TIMEOUT_MS) || 90_000;

export interface Workbench {
  server: CodeServer;
  browser: LaunchedBrowser;
  page: Page;
}

/**
 * Starts code-server with the extension (installed from MICROFACTORY_VSIX, or loaded from the
 * checkout), applies user settings, and opens `workspace` in the browser.
 */
export async function openWorkbench(workspace: string, settings: Record<string, unknown>, onStarted: (server: CodeServer) => void): Promise<Workbench> {
  mkdirSync(artifacts, { recursive: true });
  const vsix = process.env.MICROFACTORY_VSIX;
  // No smoke-test driver: it would hide the notifications we want to see.
  const server = await startCodeServer({ smokeTestDriver: false });
  onStarted(server);
  if (vsix) {
    step(`installing ${vsix}`);
    execFileSync(join(hostCache(), 'code-server'), ['--extensions-dir', join(server.root, 'extensions'), '--user-data-dir', join(server.root, 'user-data'), '--install-extension', vsix], {
      env: { ...process.env, XDG_CONFIG_HOME: join(server.root, 'xdg-config'), XDG_DATA_HOME: join(server.root, 'xdg-data') },
      stdio: 'ignore',
    });
  }
  writeUserSettings(server, { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, ...settings });
  const browser = await launchChromium({ width: 1500, height: 900 });
  // A persistent context starts with one blank tab: use it (a second tab would hide failures).
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  // Playwright's 30 s default is a guess about the machine, not about the product: on a loaded
  // one (2 cores, load 20) the workbench alone took longer to load or to answer a click. Every
  // wait here is for something on screen, so a longer limit only makes a real failure slower.
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(2 * UI_TIMEOUT_MS);
  const payload: [string, string][] | undefined = vsix ? undefined : [['extensionDevelopmentPath', server.remote(repoRoot)]];
  await page.goto(server.url(workspace, payload));
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 2 * UI_TIMEOUT_MS });
  step('workbench loaded');
  return { server, browser, page };
}

/**
 * Runs one UI scenario under a deadline: on failure it saves `<name>-failure.png` and the tail of
 * code-server's log; it always closes the browser and the server, and sets the exit code.
 */
export function runScenario(name: string, deadlineMs: number, body: (hold: { server?: CodeServer; browser?: LaunchedBrowser; page?: Page }) => Promise<void>): void {
  const hold: { server?: CodeServer; browser?: LaunchedBrowser; page?: Page } = {};
  const t0 = Date.now();
  const timer = setTimeout(() => {
    console.error(`[ui] ${name} TIMED OUT after ${deadlineMs} ms`);
    void hold.browser?.close();
    void hold.server?.stop().then(() => process.exit(124));
  }, deadlineMs);
  const run = async (): Promise<void> => {
    try {
      await body(hold);
    } catch (err) {
      if (hold.page) await hold.page.screenshot({ path: join(artifacts, `${name}-failure.png`) }).catch(() => undefined);
      console.error('--- code-server log (last 60 lines) ---\n' + (hold.server?.log().split('\n').slice(-60).join('\n') ?? ''));
      throw err;
    } finally {
      clearTimeout(timer);
      await hold.browser?.close();
      await hold.server?.stop();
    }
  };
  run().then(
    () => {
      console.log(`[ui] ${name} passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.exit(0);
    },
    (err) => {
      console.error(`[ui] ${name} failed:`, err instanceof Error ? err.stack ?? err.message : err);
      process.exit(1);
    },
  );
}
