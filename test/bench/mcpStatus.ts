// `npm run bench:mcp`: the round trip of MCP calls on a million-step session. Builds the session
// the way `microfactory run` does (startRun: engine, simulated model, sql.js store with its
// journal and sealed segments; 20 disks = 1,048,575 steps, the bench's fast path: no latency),
// then starts `microfactory mcp` on that store and times, from the SDK client's side, `status`
// of that session, the session list, the session resource and a step in the middle.
//   npm run bench:mcp [-- --disks 20 --repeat 50 --home DIR (reuse a store built before)]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRun } from '../../src/app/session';
import { openStore } from '../../src/store';
import { REPO_ROOT } from '../support/codeDomain';
import { spawnMcp, structured } from '../support/mcpClient';

async function build(home: string, disks: number): Promise<string> {
  const store = await openStore(join(home, 'sessions.sqlite3'));
  try {
    const t0 = performance.now();
    const run = await startRun({ prompt: `bench ${disks} disks`, domain: 'hanoi', disks, errorRate: 0.0022, k: 3, seed: 1 }, { store, resourceRoot: REPO_ROOT });
    const out = await run.done;
    if (out.status !== 'completed') throw new Error(`build run ended ${out.status}: ${out.error ?? ''}`);
    process.stderr.write(`built ${(2 ** disks - 1).toLocaleString('en-US')} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return out.sessionId;
  } finally {
    await store.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(repeat: number, f: () => Promise<unknown>): Promise<{ median: number; p90: number; first: number }> {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: +median(ms).toFixed(2), p90: +sorted[Math.floor(sorted.length * 0.9)].toFixed(2), first: +ms[0].toFixed(2) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { disks: { type: 'string' }, repeat: { type: 'string' }, home: { type: 'string' } } });
  const disks = Number(values.disks ?? 20);
  const repeat = Number(values.repeat ?? 50);
  const home = values.home ?? mkdtempSync(join(tmpdir(), 'mf-bench-mcp-'));
  try {
    let id: string | undefined;
    if (values.home) {
      const s = await openStore(join(home, 'sessions.sqlite3'));
      id = s.listSessions({ limit: 1 })[0]?.id;
      await s.close();
    }
    id ??= await build(home, disks);
    const mcp = await spawnMcp(home);
    try {
      const status = structured(await mcp.client.callTool({ name: 'status', arguments: { session_id: id } }));
      const steps = status.steps_stored as number;
      const mid = String(Math.ceil(steps / 2));
      const r = {
        status_session: await time(repeat, () => mcp.client.callTool({ name: 'status', arguments: { session_id: id } })),
        status_list: await time(repeat, () => mcp.client.callTool({ name: 'status', arguments: {} })),
        resource_session: await time(repeat, () => mcp.client.readResource({ uri: `microfactory://session/${id}` })),
        resource_step_mid: await time(repeat, () => mcp.client.readResource({ uri: `microfactory://session/${id}/step/${mid}` })),
        resource_last_page: await time(Math.min(repeat, 10), () => mcp.client.readResource({ uri: `microfactory://session/${id}?cursor=${Buffer.from(JSON.stringify({ o: steps - 100 })).toString('base64url')}` })),
      };
      console.log(`MCP round trips on a ${steps.toLocaleString('en-US')}-step session (stdio, SDK client; ${repeat} calls each, ms)`);
      for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(20)} median ${v.median}   p90 ${v.p90}   first ${v.first}`);
      console.log(JSON.stringify({ steps, repeat, ...r }));
    } finally {
      await mcp.close();
    }
  } finally {
    if (!values.home) rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
