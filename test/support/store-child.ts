// A child process for the store's crash and two-process tests. It opens the store, writes chain
// steps (each with samples), and reports over IPC how many steps it has written: a report of n
// means putStep/addSamples for steps 0..n-1 have returned.
//
// argv: JSON {file, sessionId, steps, batch, chain?, checkpointIntervalMs?, checkpointBytes?, close?, counted?}
import { openStore } from '../../src/store';
import { chainStep, makeSession, samplesFor } from './store-fixtures';

interface Args {
  file: string;
  sessionId: string;
  steps: number;
  batch: number;
  chain?: { segmentSteps?: number; recentSteps?: number; previewChars?: number };
  checkpointIntervalMs?: number;
  checkpointBytes?: number;
  close?: boolean;
  counted?: boolean;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as Args;
  const store = await openStore(args.file, {
    checkpointIntervalMs: args.checkpointIntervalMs ?? 50,
    checkpointBytes: args.checkpointBytes,
    chain: args.chain,
  });
  store.createSession(makeSession(args.sessionId, 'chain'));
  for (let i = 0; i < args.steps; ) {
    const end = Math.min(args.steps, i + args.batch);
    for (; i < end; i++) {
      const st = chainStep(i, { id: `${args.sessionId}-${i}` });
      // `counted`: the step carries its 3 samples' tokens (100 + 20 each), as a run's steps do.
      if (args.counted) st.metrics = { ...st.metrics, tokensIn: 300, tokensOut: 60 };
      store.putStep(args.sessionId, st);
      store.addSamples(args.sessionId, samplesFor(st.id));
    }
    process.send!({ written: i });
    await new Promise((r) => setImmediate(r)); // let IPC and the checkpoint timers run
  }
  store.updateSession(args.sessionId, { status: 'completed' });
  if (args.close !== false) await store.close();
  process.send!({ done: true, stats: store.stats() });
  process.disconnect();
}

main().catch((err: unknown) => {
  process.send?.({ error: err instanceof Error ? err.stack : String(err) });
  process.exitCode = 1;
});
