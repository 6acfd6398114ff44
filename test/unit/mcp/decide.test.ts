// A paused scripted code session decided through MCP: the client is told what a human must
// decide (trigger, the candidate's diff, the allowed decisions) and answers with `resume`. In an
// untrusted workspace (`mcp --untrusted`, as the editor starts it in Restricted Mode) approving a
// candidate that writes files is refused and nothing is written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toDecision } from '../../../src/mcp/tools/runTools';
import { GREET_BEFORE, greetCandidate, writeGreetRepo, writeScript } from '../../integration/suite/fixtures';
import { spawnMcp, structured, textOf, type McpSession } from '../../support/mcpClient';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

function pausedRun(mcp: McpSession, repo: string, solver: string[]) {
  const scriptPath = writeScript({ solver: solver.map((text) => ({ text })), solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
  return mcp.client.callTool({
    name: 'run',
    arguments: { domain: 'code', prompt: 'Make greet say Hello', wait: true, options: { provider: 'scripted', scriptPath, samples: 2, k: 1, stepByStep: true, repoPath: repo } },
  });
}

describe('microfactory mcp: deciding a paused step', function () {
  this.timeout(60_000);
  let tmp: TmpDir;
  before(() => (tmp = makeTmpDir('mf-mcp-decide-')));
  after(() => tmp.cleanup());

  it('tells the client what to decide, then approves through resume: the change is written and the session completes', async () => {
    const mcp = await spawnMcp(tmp.path);
    try {
      const repo = writeGreetRepo(tmp.path, 'trusted-repo');
      const hello = greetCandidate('Hello');
      const paused = structured(await pausedRun(mcp, repo, [hello.text, greetCandidate('Hey').text]));
      assert.equal(paused.status, 'paused', JSON.stringify(paused));
      assert.equal(paused.exit_code, 3);
      const q = paused.pause;
      assert.equal(q.trigger, 'step_by_step');
      assert.equal(q.decision_needed, true);
      assert.deepEqual(q.allowed_decisions, ['approve', 'reject']);
      assert.equal(q.approve_refused, null);
      assert.equal(q.candidate_text, hello.text, 'the text the diff was planned from');
      assert.equal(q.change_set.files.length, 1);
      assert.equal(q.change_set.files[0].path, 'src/greet.js');
      assert.match(q.change_set.files[0].diff, /^-\s+return 'Hi ' \+ name;$/m);
      assert.match(q.change_set.files[0].diff, /^\+\s+return 'Hello, ' \+ name \+ '!';$/m);
      assert.equal(readFileSync(join(repo, 'src', 'greet.js'), 'utf8'), GREET_BEFORE, 'nothing is written before the decision');
      // status says the same
      const status = structured(await mcp.client.callTool({ name: 'status', arguments: { session_id: paused.session_id } }));
      assert.deepEqual(status.pause, q);

      const done = structured(await mcp.client.callTool({ name: 'resume', arguments: { session_id: paused.session_id, decision: 'approve', wait: true } }));
      assert.equal(done.status, 'completed', JSON.stringify(done));
      assert.equal(done.pause, null);
      assert.equal(readFileSync(join(repo, 'src', 'greet.js'), 'utf8'), hello.after);
      // A decision for a session that no longer waits is a tool error naming why.
      const again = await mcp.client.callTool({ name: 'resume', arguments: { session_id: paused.session_id, decision: 'approve' } });
      assert.equal(again.isError, true);
      assert.match(textOf(again), /is completed; there is nothing to resume/);
    } finally {
      await mcp.close();
    }
  });

  it('untrusted: approve of a write is refused, reject is allowed, and nothing is written', async () => {
    const mcp = await spawnMcp(tmp.path, { args: ['--untrusted'] });
    try {
      const repo = writeGreetRepo(tmp.path, 'untrusted-repo');
      const hello = greetCandidate('Hello').text;
      const paused = structured(await pausedRun(mcp, repo, [hello, greetCandidate('Hey').text, hello, hello]));
      assert.equal(paused.status, 'paused', JSON.stringify(paused));
      assert.deepEqual(paused.pause.allowed_decisions, ['reject']);
      assert.match(paused.pause.approve_refused, /not trusted/);

      const refused = await mcp.client.callTool({ name: 'resume', arguments: { session_id: paused.session_id, decision: 'approve' } });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /^resume: cannot approve: .* writes files and this workspace is not trusted/);
      assert.equal(structured(await mcp.client.callTool({ name: 'status', arguments: { session_id: paused.session_id } })).status, 'paused', 'a refused approve leaves the pause as it was');

      const rejected = await mcp.client.callTool({ name: 'resume', arguments: { session_id: paused.session_id, decision: 'reject', feedback: 'keep the greeting short', wait: true } });
      assert.notEqual(rejected.isError, true, textOf(rejected));
      assert.equal(readFileSync(join(repo, 'src', 'greet.js'), 'utf8'), GREET_BEFORE);
      const voteApply = await mcp.client.callTool({ name: 'vote', arguments: { domain: 'hanoi', step: 'x', apply: true } });
      assert.equal(voteApply.isError, true);
      assert.match(textOf(voteApply), /not trusted/);
    } finally {
      await mcp.close();
    }
  });

  it('the tool\'s decision goes through the one decision rule: feedback, an edit, approve the rest, skip', () => {
    assert.deepEqual(toDecision('reject', 'shorter please'), { action: 'reject', feedback: 'shorter please' });
    assert.deepEqual(toDecision('approve', undefined, 'x = 1\n'), { action: 'approve', edit: { text: 'x = 1\n' } });
    assert.deepEqual(toDecision('approve', undefined, undefined, true), { action: 'approve', approveRest: true });
    assert.deepEqual(toDecision('skip'), { action: 'skip' });
    assert.deepEqual(toDecision('approve'), { action: 'approve' });
    assert.throws(() => toDecision('approve', 'why'), /'feedback' goes with decision 'reject', not decision 'approve'/);
  });
});
