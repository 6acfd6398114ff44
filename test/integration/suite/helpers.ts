// Shared helpers of the integration suite (runs inside the real extension host).
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/app/api';
import type { MicrofactoryApi } from '../../../src/extension/api';
import type { RunTaskArgs } from '../../../src/extension/commands/runTask';

export const EXTENSION_ID = 'microfactory.microfactory';

export async function api(): Promise<MicrofactoryApi> {
  const ext = vscode.extensions.getExtension<MicrofactoryApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Runs the Run Task command with its prompts answered by `args` (type-checked, unlike a bare executeCommand). */
export async function runTask(args: RunTaskArgs): Promise<RunOutcome> {
  return (await vscode.commands.executeCommand('microfactory.runTask', args)) as RunOutcome;
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs an open folder');
  return f.uri.fsPath;
}

/** Polls until fn returns a truthy value (or throws with the last value after timeoutMs). */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A session's steps and samples, for assertion messages that explain a failure. */
export async function explain(sessionId: string): Promise<string> {
  const store = await (await api()).openStore();
  const s = store.getSession(sessionId);
  const lines = [`session ${sessionId}: ${s?.status} ${s?.error ?? ''} wait=${JSON.stringify(s?.waitState)}`];
  for (const st of store.getSteps(sessionId)) {
    lines.push(`  step ${st.id} ${st.status}/${st.phase} tally=${JSON.stringify(st.metrics.tally)} flags=${JSON.stringify(st.metrics.redFlags)}`);
    for (const sm of store.getSamples(sessionId, st.id)) lines.push(`    ${sm.role}#${sm.seq} key=${JSON.stringify(sm.key)?.slice(0, 60)} flags=${JSON.stringify(sm.flags)}`);
  }
  return lines.join('\n');
}

/** A line in the suite's report (console.log in the remote extension host reaches nobody). */
export function report(line: string): void {
  const out = process.env.MICROFACTORY_TEST_OUTPUT;
  if (out) fs.appendFileSync(out, `      ${line}\n`);
  console.log(line);
}
