// The chaos suite's fast slice (test/chaos/suite.ts; the whole suite is `npm run test:chaos`):
// real `microfactory` processes against a local chat-completions server, killed with SIGKILL,
// their files damaged, resumed twice at once. Every row must be 0 steps lost (an independent
// replay of the export), 0 samples paid twice (the server's log against the stored samples) and
// never silent. A second part checks that the measures themselves see a loss and a double pay.
import assert from 'node:assert/strict';
import { ensureCliBuilt } from '../../support/cliRun';
import { DAMAGES, segments } from '../../chaos/damage';
import { stepIndexByState, stepOfPrompt, stepsOf } from '../../chaos/hanoiSteps';
import { replay, sessionId, settle, storedOf } from '../../chaos/probe';
import { World } from '../../chaos/world';
import { runSuite } from '../../chaos/suite';
import { renderTable, rowOk, type Row } from '../../chaos/table';

describe('chaos: the fast slice (npm run test:chaos runs it all)', function () {
  // About 5 minutes on the shared 2-core machine this was built on, at a load average of 25 or more.
  this.timeout(900_000);
  before(() => ensureCliBuilt());

  it('kills, damage of each file and the control, two live resumes: 0 steps lost, 0 paid twice, nothing silent', async () => {
    const rows: Row[] = await runSuite('fast', undefined, () => undefined);
    const table = renderTable(rows);
    assert.ok(rows.length >= 7, table);
    for (const r of rows) {
      assert.equal(r.stepsLost, 0, `${r.case}: steps lost\n${table}`);
      assert.equal(r.paidTwice, 0, `${r.case}: samples paid twice\n${table}`);
      assert.equal(r.silent, false, `${r.case}: silent\n${table}`);
      assert.ok(rowOk(r), `${r.case}: ${r.missed}\n${table}`);
    }
    // The kills really cost in-flight samples, and each damage that destroys bytes of stored steps (not an
    // inserted garbage line) really destroyed some: the rows measured something.
    assert.ok(rows.some((r) => (r.ledger?.inFlightLost ?? 0) > 0), table);
    const destructive = rows.filter((r) => r.case.startsWith('damage:') && !/control|garbage line/.test(r.case));
    assert.equal(destructive.length, 6, table);
    // Where the garbled bytes land is the luck of the kill: a garbled journal region may hold only lines the
    // last checkpoint already has. At least one destructive case must have destroyed stored steps.
    assert.ok(destructive.some((r) => (r.ledger?.damageRebought ?? 0) > 0), `no destructive damage destroyed a stored step\n${table}`);
  });
});

describe('chaos: the measures see a loss and a double pay', function () {
  this.timeout(120_000);
  before(() => ensureCliBuilt());

  it('a step index is read from the prompt, and states off the optimal path are 0', () => {
    const byState = stepIndexByState(3);
    assert.equal(byState.size, stepsOf(3));
    assert.equal(stepOfPrompt(byState, 'Previous move: None\nCurrent state: [[3, 2, 1], [], []]\n'), 1);
    assert.equal(stepOfPrompt(byState, 'Current state: [[3, 2], [], [1]]'), 2);
    assert.equal(stepOfPrompt(byState, 'Current state: [[3], [], [2, 1]]'), 0, 'unreachable: disk 2 on peg 2 after one move');
  });

  it('steps lost: a finished session whose segment is garbled (and not re-run) replays short; paid twice: finished steps bought again', async () => {
    // 8 disks: a finished session this long has its steps in a sealed segment file.
    const world = await World.open('measures', { disks: 8, seed: 3 });
    try {
      const first = await world.model(world.runArgs());
      assert.equal(first.code, 0, first.stderr);
      const id = (await sessionId(world))!;
      const done = await settle(world, id);
      assert.deepEqual(world.ledger.result(storedOf(done)).paidTwice, 0);
      assert.equal((await replay(world, id)).legalPrefix, stepsOf(8));
      const [segment] = segments(world.home.path);
      DAMAGES.find((d) => d.name === 'segment garbled')!.apply(segment);
      assert.ok((await replay(world, id)).legalPrefix < stepsOf(8), 'the steps of the garbled segment are missing from the export');
      // The same steps bought again (a second session on the same server) are re-sent for stored steps.
      const again = await world.model(world.runArgs());
      assert.equal(again.code, 0, again.stderr);
      world.ledger.settle(storedOf(done));
      const paid = world.ledger.result(storedOf(done));
      assert.ok(paid.resent >= stepsOf(8) * 3, JSON.stringify(paid));
      assert.ok(paid.paidTwice >= stepsOf(8) * 3, JSON.stringify(paid));
    } finally {
      await world.close();
    }
  });
});
