// The per-step cap's tally words (src/engine/stepBudget.ts): the pause names the votes the race
// had drawn, most first, red-flagged samples left out. The cap itself is tested end to end through
// the CLI over HTTP (test/unit/cli/budgetControls.test.ts).
import assert from 'node:assert/strict';
import { votesSoFar } from '../../../src/engine/stepBudget';
import { samplesFor } from '../../support/store-fixtures';

describe('engine/stepBudget', () => {
  it('votes so far: valid samples by key, most first; none before any', () => {
    const drawn = samplesFor('s', 5).map((s, i) => ({ ...s, key: i === 1 ? 'b' : 'a' }));
    drawn[4] = { ...drawn[4], flags: [{ flagger: 'format', reason: 'x' }] };
    assert.equal(votesSoFar(drawn), '3–1');
    assert.equal(votesSoFar([]), 'none');
  });
});
