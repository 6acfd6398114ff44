// Starts and stops a private code-server (a real VS Code 1.139 server + Node extension host)
// the way ../shared/notes/offline-facts.md measured it: its own user-data, extensions, XDG and
// config paths in one temp dir, so it writes nothing under $HOME, and it is stopped by PID
// together with every process it spawned (the extension host would otherwise linger).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';

export interface CodeServer {
  port: number;
  origin: string;
  /** Temp dir that holds user-data, extensions, XDG dirs and the server log. */
  root: string;
  logPath: string;
  /** Workbench URL for a folder, with an optional extension-development payload. */
  url(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://` URI for a server-side absolute path (what the payload expects). */
  remote(absPath: string): string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server and therefore the extension host. */
  env?: Record<string, string>;
  /** Smoke-test driver: needed for codeAutomationExit, but it hides notification toasts. */
  smokeTestDriver?: boolean;
  extraArgs?: string[];
}

export function hostCache(): string {
  return process.env.MICROFACTORY_HOST_CACHE ?? join(homedir(), '.cache', 'microfactory-host');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/** Every descendant of pid, deepest first, from /proc via ps (the exthost is a grandchild). */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of out.trim().split('\n')) {
    const [c, p] = line.trim().split(/\s+/).map(Number);
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(c);
  }
  const result: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      walk(c);
      result.push(c);
    }
  };
  walk(pid);
  return result;
}

function killPids(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  const launcher = join(hostCache(), 'code-server');
  const root = mkdtempSync(join(tmpdir(), 'mf-code-server-'));
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    xdgCache: join(root, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const configPath = join(root, 'config.yaml');
  writeFileSync(configPath, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  // Settings that keep screenshots and runs deterministic: no welcome page, no telemetry prompt.
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.enabled': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'window.commandCenter': true,
    }, null, 2),
  );
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--config', configPath,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    // Without it a UI session's extension host lingers for 3 hours after the page closes.
    '--reconnection-grace-time', '5',
    ...(opts.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
    ...(opts.extraArgs ?? []),
  ];
  const logPath = join(root, 'code-server.log');
  const logStream = createWriteStream(logPath);
  const child = spawn(launcher, args, {
    env: {
      ...process.env,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(logStream);
  child.stderr!.pipe(logStream);
  const pid = child.pid!;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Collect the tree first: once the server dies its children are re-parented and lost.
    const tree = descendants(pid);
    killPids([pid, ...tree], 'SIGTERM');
    const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    killPids([pid, ...tree], 'SIGKILL');
    logStream.end();
  };

  try {
    await waitHealthy(origin, child, 30_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- code-server log ---\n${readFileSync(logPath, 'utf8')}`);
  }

  const remote = (absPath: string): string => `vscode-remote://127.0.0.1:${port}${absPath}`;
  return {
    port,
    origin,
    root,
    logPath,
    remote,
    url(folder, payload) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${origin}/?${q.toString()}`;
    },
    log: () => readFileSync(logPath, 'utf8'),
    stop,
  };
}
