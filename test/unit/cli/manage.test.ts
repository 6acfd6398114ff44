// `microfactory delete ID --yes`, `archive ID`, `unarchive ID` and `status --all`, as real CLI
// processes on one store: what a person types to tidy the session list.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { newLease } from '../../../src/app/lease';
import { openStore } from '../../../src/store';
import { ensureCliBuilt, oneLineUsageError, runCli } from '../../support/cliRun';
import { makeSession } from '../../support/store-fixtures';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('cli: delete, archive and unarchive sessions', function () {
  this.timeout(120_000);
  let home: TmpDir;
  before(() => ensureCliBuilt());
  beforeEach(() => (home = makeTmpDir('mf-manage-')));
  afterEach(() => home.cleanup());

  const cli = (...args: string[]) => runCli(args, { home: home.path });
  const hanoi = async (prompt: string): Promise<string> => {
    const r = await cli('run', '--domain', 'hanoi', '--prompt', prompt, '--disks', '3', '--llm-provider', 'simulated', '--json');
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { session_id: string }).session_id;
  };
  const listed = async (...flags: string[]): Promise<string[]> => {
    const r = await cli('status', '--json', ...flags);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { sessions: { session_id: string }[] }).sessions.map((s) => s.session_id);
  };

  it('archive hides a session from status (status --all shows it), unarchive brings it back', async () => {
    const kept = await hanoi('kept in sight');
    const old = await hanoi('tidied away');
    const a = await cli('archive', old);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, new RegExp(`^archived session ${old} \\(\`microfactory status --all\` still lists it\\)\\n$`));
    assert.deepEqual(await listed(), [kept]);
    assert.deepEqual((await listed('--all')).sort(), [kept, old].sort());
    const text = await cli('status', '--all');
    assert.match(text.stdout, new RegExp(`${old}\\s+completed \\(archived\\)`));
    const u = await cli('unarchive', '--session-id', old, '--json');
    assert.deepEqual(JSON.parse(u.stdout), { session_id: old, archived: false });
    assert.deepEqual((await listed()).sort(), [kept, old].sort());
  });

  it('delete needs --yes, says what it removed, and the session is gone for every command', async () => {
    const id = await hanoi('to be deleted');
    const noYes = oneLineUsageError(await cli('delete', id));
    assert.match(noYes, /add --yes to confirm/);
    assert.deepEqual(await listed(), [id], 'nothing was deleted without --yes');
    const d = await cli('delete', id, '--yes');
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, new RegExp(`^deleted session ${id}: 7 steps, \\d+ samples and 0 segment files\\n$`));
    assert.deepEqual(await listed('--all'), []);
    assert.match(oneLineUsageError(await cli('status', '--session-id', id)), new RegExp(`no session ${id}`));
    assert.ok(existsSync(path.join(home.path, 'sessions.sqlite3')));
  });

  it('an unknown id, a missing id and a running session are one line and exit 2', async () => {
    assert.match(oneLineUsageError(await cli('delete', 'nosuch', '--yes')), /^microfactory delete: no session nosuch; `microfactory status --all` lists them$/);
    assert.match(oneLineUsageError(await cli('archive', 'nosuch')), /no session nosuch/);
    assert.match(oneLineUsageError(await cli('unarchive')), /which session\?/);
    // A run of this (live) process holds the session's lease.
    const store = await openStore(path.join(home.path, 'sessions.sqlite3'), { checkpointIntervalMs: 0 });
    store.createSession(makeSession('LIVE', 'chain', { status: 'running', lease: newLease() }));
    await store.close();
    assert.match(oneLineUsageError(await cli('delete', 'LIVE', '--yes')), /session LIVE is running \(pid \d+ on .+\); cancel it before you delete it/);
    assert.match(oneLineUsageError(await cli('archive', 'LIVE')), /cancel it before you archive it/);
    assert.deepEqual(await listed(), ['LIVE']);
  });
});
