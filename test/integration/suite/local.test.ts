// The local provider inside the extension host (R2.6): node-llama-cpp is a native module
// installed outside the extension (scripts/setup-local-model.sh), so the host must find it and
// load its binary, and the committed tiny model must run a real session there. Without the
// package, Run Task must say which command installs it, by a path that exists on this machine.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { replaySession } from '../../../src/app/hanoiCheck';
import { api, explain, report, runTask, EXTENSION_ID } from './helpers';

suite('The local provider (the tiny model) in the extension host', () => {
  test('without node-llama-cpp, Run Task fails before a session, naming the install script by its full path', async () => {
    const a = await api();
    const store = await a.openStore();
    const before = store.listSessions({ limit: 100_000 }).length;
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-no-llama-'));
    const saved = process.env.MICROFACTORY_LOCAL_MODEL_DIR;
    // The suite runs in the extension's own process: pointing the package's folder at an empty
    // one is what a machine without the package looks like. This test comes first, before the
    // next one loads the runtime for the whole process.
    process.env.MICROFACTORY_LOCAL_MODEL_DIR = empty;
    try {
      const script = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'scripts', 'setup-local-model.sh');
      assert.ok(fs.existsSync(script), `${script} is missing`);
      await assert.rejects(
        runTask({ prompt: 'Solve Towers of Hanoi with 3 disks', domain: 'hanoi-compact', overrides: { k: 1, seed: 1 } }),
        (e: Error) => e.message.includes(`needs node-llama-cpp 3.21.1, which is not installed: run \`bash ${script}\``),
      );
      assert.strictEqual(store.listSessions({ limit: 100_000 }).length, before, 'a session was created');
    } finally {
      if (saved === undefined) delete process.env.MICROFACTORY_LOCAL_MODEL_DIR;
      else process.env.MICROFACTORY_LOCAL_MODEL_DIR = saved;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('with it, a 3-disk hanoi-compact run at k = 2 completes on the committed model and the replay says solved', async () => {
    const a = await api();
    const started = Date.now();
    const outcome = await runTask({ prompt: 'Solve Towers of Hanoi with 3 disks', domain: 'hanoi-compact', overrides: { k: 2, seed: 1 } });
    assert.strictEqual(outcome.status, 'completed', `${JSON.stringify(outcome)}\n${await explain(outcome.sessionId)}`);
    const store = await a.openStore();
    const session = store.getSession(outcome.sessionId)!;
    assert.strictEqual(session.metrics.stepsCompleted, 7);
    assert.ok(replaySession(store, session).solved, await explain(outcome.sessionId));
    const samples = store.getSteps(outcome.sessionId).flatMap((st) => store.getSamples(outcome.sessionId, st.id));
    assert.ok(samples.length >= 14, `k = 2 needs at least 2 votes a step, got ${samples.length} samples`);
    assert.ok(samples.every((s) => s.model === 'models/hanoi-tiny.gguf'), `models: ${[...new Set(samples.map((s) => s.model))].join(', ')}`);
    report(`local provider in the extension host (Node ${process.version}): 7 steps, ${samples.length} samples, ${Date.now() - started} ms`);
  });
});
