// The session log file in-process: every event under a timestamp, redacted, lines logged before
// the session started kept for it, and a bound on debug lines that says where it cut.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../../src/engine/events';
import { redactSecrets } from '../../../src/llm';
import { SessionLogs } from '../../../src/cli/sessionLog';
import { makeTmpDir } from '../../support/tmpDir';

const KEY = 'mf-unshaped-secret-0123456789';
const started: EngineEvent = { type: 'session_started', sessionId: 's-1', domain: 'hanoi', flow: 'chain', resumed: false, stepsTotal: 3 };
const flagged = (seq: number): EngineEvent => ({ type: 'red_flagged', sessionId: 's-1', stepId: '1', role: 'solver', seq, flags: [{ flagger: 'format', reason: 'no move' }], preview: `garbage ${KEY}` });
const stepStarted = (n: number): EngineEvent => ({ type: 'step_started', sessionId: 's-1', stepId: String(n), parentId: null, depth: 0, description: `step ${n} of 3`, phase: 'solve' });

describe('cli: session log file', () => {
  it('writes every event and log line with a timestamp, early lines included, and never the key', async () => {
    const dir = makeTmpDir('mf-sessionlog-');
    const warnings: string[] = [];
    try {
      const logs = new SessionLogs(dir.path, (t) => redactSecrets(t, [KEY]), (m) => warnings.push(m));
      logs.message('info', `config loaded; key ${KEY}`);
      logs.event(started);
      logs.event(stepStarted(1));
      logs.event(flagged(0));
      logs.message('warn', 'slow provider');
      await logs.close();
      const lines = readFileSync(logs.pathOf('s-1'), 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, 5);
      for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info |warn |error) /);
      assert.match(lines[0], /info  config loaded; key \[redacted\]$/);
      assert.match(lines[1], / info  session_started \{"domain":"hanoi"/);
      assert.match(lines[2], / debug step_started /);
      assert.match(lines[3], / warn  red_flagged .*"preview":"garbage \[redacted\]"/);
      assert.match(lines[4], / warn  slow provider$/);
      assert.ok(!lines.join('\n').includes(KEY));
      assert.deepEqual(warnings, []);
    } finally {
      dir.cleanup();
    }
  });

  it('past its byte bound keeps info and warnings but leaves debug lines out, and says so once', async () => {
    const dir = makeTmpDir('mf-sessionlog-');
    try {
      const logs = new SessionLogs(dir.path, (t) => t, () => undefined, 300);
      logs.event(started);
      for (let n = 1; n <= 5; n++) logs.event(stepStarted(n));
      logs.event(flagged(1));
      await logs.close();
      const text = readFileSync(logs.pathOf('s-1'), 'utf8');
      assert.match(text, /step 1 of 3/);
      assert.doesNotMatch(text, /step 5 of 3/);
      assert.equal(text.match(/debug lines are left out from here on/g)?.length, 1);
      assert.match(text, /red_flagged/, 'a warning after the bound is still written');
    } finally {
      dir.cleanup();
    }
  });
});
