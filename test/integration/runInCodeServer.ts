// Offline runner for the integration suite: a real VS Code extension host (code-server) opened
// by headless Chromium with an extension-development payload, exactly what @vscode/test-web
// does. The workbench calls window.codeAutomationExit(code) when the suite's run() settles;
// we relay that code. The suite's mocha output goes to a file (MICROFACTORY_TEST_OUTPUT) that
// we stream, because the remote extension host's console does not reach this process.
import { mkdirSync, mkdtempSync, existsSync, readFileSync, readdirSync, statSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, type CodeServer } from './host/codeServer';
import { launchChromium, type LaunchedBrowser } from './host/browser';
import { localModelDir } from '../../src/llm/local';

const repoRoot = resolve(__dirname, '..', '..', '..');
const TIMEOUT_MS = Number(process.env.MICROFACTORY_IT_TIMEOUT_MS ?? 10 * 60_000);

/** Prints what the suite appended to its output file since the last call. */
function tailer(path: string): () => void {
  let offset = 0;
  return () => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size <= offset) return;
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    closeSync(fd);
    offset = size;
    process.stdout.write(buf.toString('utf8'));
  };
}

/** A throwaway workspace: the suite writes files in it and must never touch the repo. */
function makeWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'mf-it-workspace-'));
  mkdirSync(join(ws, 'src'), { recursive: true });
  writeFileSync(join(ws, 'README.md'), '# integration workspace\n');
  return ws;
}

async function main(): Promise<number> {
  const started = Date.now();
  const workspace = makeWorkspace();
  const outDir = mkdtempSync(join(tmpdir(), 'mf-it-out-'));
  const outputFile = join(outDir, 'mocha.log');
  const artifacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const testIndex = join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testIndex)) throw new Error(`${testIndex} is missing: run tsc -p tsconfig.test.json first`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');

  let server: CodeServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const tail = tailer(outputFile);
  const ticker = setInterval(tail, 500);
  try {
    server = await startCodeServer({
      smokeTestDriver: true,
      env: {
        MICROFACTORY_TEST_OUTPUT: outputFile,
        MICROFACTORY_TEST_REPO: repoRoot,
        MICROFACTORY_TEST_ARTIFACTS: artifacts,
        MICROFACTORY_TEST_GREP: process.env.MICROFACTORY_TEST_GREP ?? '',
        // The server moves XDG_CACHE_HOME into its temp dir; the local provider's package stays
        // where scripts/setup-local-model.sh put it for this user.
        MICROFACTORY_LOCAL_MODEL_DIR: localModelDir(),
        // Keep keys of the runner's environment out of the suite: it tests key precedence itself.
        OPENAI_API_KEY: '',
        ANTHROPIC_API_KEY: '',
        GEMINI_API_KEY: '',
        XAI_API_KEY: '',
      },
    });
    console.log(`[it] code-server on ${server.origin} (root ${server.root}), workspace ${workspace}`);
    browser = await launchChromium();
    const page = await browser.context.newPage();
    const exitCode = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const url = server.url(workspace, [
      ['extensionDevelopmentPath', server.remote(repoRoot)],
      ['extensionTestsPath', server.remote(testIndex)],
    ]);
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((r) => {
      // The budget covers the whole run, server and browser start included.
      timer = setTimeout(() => r(-1), Math.max(0, started + TIMEOUT_MS - Date.now()));
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    tail();
    if (code !== 0) {
      if (code === -1) console.error(`[it] TIMED OUT after ${TIMEOUT_MS} ms`);
      await page.screenshot({ path: join(artifacts, 'failure-workbench.png') }).catch(() => undefined);
      console.error('--- browser console (last 80) ---\n' + consoleLines.slice(-80).join('\n'));
      console.error('--- code-server log (last 120 lines) ---\n' + server.log().split('\n').slice(-120).join('\n'));
      printExtHostLogs(server.root);
    }
    console.log(`[it] suite exited with ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code === -1 ? 124 : code;
  } finally {
    clearInterval(ticker);
    await browser?.close();
    await server?.stop();
  }
}

/** The extension host's own log (and our output channel) live under user-data/logs. */
function printExtHostLogs(root: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  const logs = join(root, 'user-data', 'logs');
  if (!existsSync(logs)) return;
  for (const f of walk(logs).filter((p) => /(exthost\.log|Microfactory\.log)$/i.test(p))) {
    console.error(`--- ${f} (last 60 lines) ---\n` + readFileSync(f, 'utf8').split('\n').slice(-60).join('\n'));
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('[it] runner failed:', err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
