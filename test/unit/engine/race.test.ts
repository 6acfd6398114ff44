// First-to-ahead-by-k (MAKER Fig. 2 `do_voting`): a race is decided when some candidate y has
// V[y] >= k + max_{v != y} V[v]; rounds draw k votes first, then the leader's deficit.
import assert from 'node:assert/strict';
import { isContested, isUnanimous, Race } from '../../../src/engine/race';

/** Feeds votes until the race is decided; returns the index (0-based) of the deciding vote, or -1. */
function feed(race: Race, votes: string[]): number {
  for (let i = 0; i < votes.length; i++) if (race.add(votes[i])) return i;
  return -1;
}

/** The paper's rule, by brute force: the candidate that satisfies V[y] >= k + max_{v != y} V[v], if any. */
function bruteDecided(counts: Map<string, number>, k: number): string | undefined {
  for (const [y, n] of counts) {
    let maxOther = 0;
    for (const [v, m] of counts) if (v !== y) maxOther = Math.max(maxOther, m);
    if (n >= k + maxOther) return y;
  }
  return undefined;
}

/** Fewest further votes any candidate needs to be decided if they all went to it. */
function bruteDeficit(counts: Map<string, number>, k: number): number {
  if (counts.size === 0) return k;
  let best = Infinity;
  for (const [y, n] of counts) {
    let maxOther = 0;
    for (const [v, m] of counts) if (v !== y) maxOther = Math.max(maxOther, m);
    best = Math.min(best, k + maxOther - n);
  }
  return best;
}

/** Small deterministic PRNG (mulberry32) so the property test is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('engine/race: first-to-ahead-by-k', () => {
  describe('the decision rule', () => {
    for (const k of [1, 2, 3, 5]) {
      it(`a single distinct candidate needs exactly k=${k} votes`, () => {
        const race = new Race({ k, voteCap: 100 });
        for (let i = 1; i < k; i++) {
          assert.equal(race.add('A'), false, `decided after only ${i} of ${k} votes`);
          assert.equal(race.decided(), false);
        }
        assert.equal(race.add('A'), true);
        assert.equal(race.decided(), true);
        assert.equal(race.votes, k);
        assert.deepEqual(race.top(), ['A', k, 0]);
      });
    }

    it('two candidates: the leader needs a lead of k, not k votes', () => {
      const race = new Race({ k: 3, voteCap: 100 });
      // A B A B A: A=3, B=2 -> lead 1, not decided although A has k votes.
      assert.equal(feed(race, ['A', 'B', 'A', 'B', 'A']), -1);
      assert.equal(race.countOf('A'), 3);
      assert.equal(race.decided(), false);
      assert.equal(race.add('A'), false); // 4-2: lead 2
      assert.equal(race.add('A'), true); // 5-2: lead 3
      assert.deepEqual(race.top(), ['A', 5, 2]);
    });

    it('the trailing candidate can still come back and win', () => {
      const race = new Race({ k: 2, voteCap: 100 });
      assert.equal(feed(race, ['A', 'B', 'B', 'A', 'B', 'B']), 5);
      assert.deepEqual(race.top(), ['B', 4, 2]);
    });

    it('a 3-way race with k=2 decides only when the leader leads the runner-up by 2', () => {
      const race = new Race({ k: 2, voteCap: 100 });
      // A B C: 1-1-1. A: 2-1-1 (lead 1). A: 3-1-1 (lead 2) -> decided.
      assert.equal(race.add('A'), false);
      assert.equal(race.add('B'), false);
      assert.equal(race.add('C'), false);
      assert.equal(race.add('A'), false);
      assert.equal(race.add('A'), true);
      assert.equal(race.votes, 5);
      assert.deepEqual(race.top(), ['A', 3, 1]);
    });

    it('a 3-way race with k=3: the runner-up, not the sum of the others, sets the bar', () => {
      const race = new Race({ k: 3, voteCap: 100 });
      // A B C A A: 3-1-1, lead 2. A: 4-1-1, lead 3 -> decided (4 < 3 + (1+1): the rule is about max, not sum).
      assert.equal(feed(race, ['A', 'B', 'C', 'A', 'A']), -1);
      assert.equal(race.add('A'), true);
      assert.deepEqual(race.top(), ['A', 4, 1]);
      assert.equal(race.votes, 6);
    });

    it('a 3-way race with k=3 where the runner-up keeps up is not decided early', () => {
      const race = new Race({ k: 3, voteCap: 100 });
      // A B C A B A A: A=4 B=2 C=1 -> lead 2: undecided. A again: 5-2-1 -> decided.
      assert.equal(feed(race, ['A', 'B', 'C', 'A', 'B', 'A', 'A']), -1);
      assert.equal(race.decided(), false);
      assert.equal(race.add('A'), true);
      assert.deepEqual(race.top(), ['A', 5, 2]);
    });

    it('k = 1: the first vote decides', () => {
      const race = new Race({ k: 1, voteCap: 5 });
      assert.equal(race.add('X'), true);
      assert.equal(race.nextRoundSize(), 0);
    });

    it('ties at the top go to the candidate seen first', () => {
      const race = new Race({ k: 3, voteCap: 100 });
      feed(race, ['B', 'A', 'A', 'B']);
      assert.deepEqual(race.top(), ['B', 2, 2]);
    });

    it('drop() removes a rejected candidate and its votes', () => {
      const race = new Race({ k: 2, voteCap: 100 });
      feed(race, ['A', 'B', 'A']);
      race.drop('A');
      assert.equal(race.votes, 1);
      assert.equal(race.countOf('A'), 0);
      assert.deepEqual(race.keys(), ['B']);
      assert.equal(race.decided(), false);
      assert.equal(race.add('B'), true);
    });
  });

  describe('rounds: k first, then the deficit, never past the cap', () => {
    it('the first round is k', () => {
      assert.equal(new Race({ k: 3, voteCap: 60 }).nextRoundSize(), 3);
      assert.equal(new Race({ k: 1, voteCap: 60 }).nextRoundSize(), 1);
    });

    it('firstRound overrides the first round when larger than k, never when smaller', () => {
      assert.equal(new Race({ k: 2, voteCap: 60, firstRound: 5 }).nextRoundSize(), 5);
      assert.equal(new Race({ k: 3, voteCap: 60, firstRound: 1 }).nextRoundSize(), 3);
      const race = new Race({ k: 2, voteCap: 60, firstRound: 5 });
      race.add('A');
      race.add('B');
      // Later rounds are the deficit, firstRound no longer matters.
      assert.equal(race.nextRoundSize(), 2);
    });

    it('the first round never exceeds the vote cap', () => {
      assert.equal(new Race({ k: 2, voteCap: 3, firstRound: 10 }).nextRoundSize(), 3);
    });

    it('later rounds draw exactly what the leader still lacks', () => {
      const race = new Race({ k: 3, voteCap: 60 });
      feed(race, ['A', 'A', 'B']); // 2-1: needs 3 + 1 - 2 = 2
      assert.equal(race.nextRoundSize(), 2);
      race.add('A'); // 3-1: needs 1
      assert.equal(race.nextRoundSize(), 1);
      race.add('B'); // 3-2: needs 2
      assert.equal(race.nextRoundSize(), 2);
      race.add('B'); // 3-3 tie: needs 3
      assert.equal(race.nextRoundSize(), 3);
    });

    it('a unanimous first round of k decides with nothing more to draw', () => {
      const race = new Race({ k: 3, voteCap: 60 });
      feed(race, ['A', 'A', 'A']);
      assert.equal(race.decided(), true);
      assert.equal(race.nextRoundSize(), 0);
    });

    it('the deficit is clipped to the votes left under the cap', () => {
      const race = new Race({ k: 3, voteCap: 4 });
      feed(race, ['A', 'B', 'C']); // deficit 3, but only 1 vote left under the cap
      assert.equal(race.nextRoundSize(), 1);
      race.add('A');
      assert.equal(race.nextRoundSize(), 0);
    });

    it('startRound() counts rounds for the tally', () => {
      const race = new Race({ k: 2, voteCap: 10 });
      race.startRound();
      race.add('A');
      race.add('B');
      race.startRound();
      race.add('A');
      race.add('A');
      assert.equal(race.rounds, 2);
      assert.equal(race.tally('A', 'lead').rounds, 2);
    });
  });

  describe('the vote cap', () => {
    it('capped() once the cap is reached undecided; plurality() picks the unique top', () => {
      const race = new Race({ k: 3, voteCap: 5 });
      feed(race, ['A', 'B', 'A', 'C', 'A']); // 3-1-1, lead 2 < 3
      assert.equal(race.decided(), false);
      assert.equal(race.capped(), true);
      assert.equal(race.nextRoundSize(), 0);
      assert.equal(race.plurality(), 'A');
    });

    it('plurality() is undefined on a tie at the top', () => {
      const race = new Race({ k: 3, voteCap: 4 });
      feed(race, ['A', 'B', 'B', 'A']);
      assert.equal(race.capped(), true);
      assert.equal(race.plurality(), undefined);
    });

    it('plurality() is undefined for an empty race', () => {
      assert.equal(new Race({ k: 2, voteCap: 4 }).plurality(), undefined);
    });

    it('a decided race is never capped, even at the cap', () => {
      const race = new Race({ k: 2, voteCap: 2 });
      feed(race, ['A', 'A']);
      assert.equal(race.decided(), true);
      assert.equal(race.capped(), false);
    });

    it('not capped below the cap', () => {
      const race = new Race({ k: 3, voteCap: 6 });
      feed(race, ['A', 'B', 'A', 'B']);
      assert.equal(race.capped(), false);
    });
  });

  describe('tally()', () => {
    it('a unanimous race: margin equals the votes, lead equals k', () => {
      const race = new Race({ k: 3, voteCap: 60 });
      feed(race, ['A', 'A', 'A']);
      const t = race.tally('A', 'lead');
      assert.deepEqual(t.counts, { A: 3 });
      assert.equal(t.winner, 'A');
      assert.equal(t.k, 3);
      assert.equal(t.lead, 3);
      assert.equal(t.margin, 3);
      assert.equal(t.votes, 3);
      assert.equal(t.decidedBy, 'lead');
    });

    it('a 3-way race: lead is over the runner-up, margin over the whole field', () => {
      const race = new Race({ k: 2, voteCap: 60 });
      feed(race, ['A', 'B', 'C', 'A', 'A']);
      const t = race.tally('A', 'lead');
      assert.deepEqual(t.counts, { A: 3, B: 1, C: 1 });
      assert.equal(t.lead, 2); // 3 - 1
      assert.equal(t.margin, 1); // 3 - (1 + 1)
      assert.equal(t.votes, 5);
    });

    it('a cap-decided race records decidedBy "cap" and the plurality winner', () => {
      const race = new Race({ k: 3, voteCap: 5 });
      feed(race, ['A', 'B', 'A', 'C', 'A']);
      const t = race.tally(race.plurality(), 'cap');
      assert.equal(t.winner, 'A');
      assert.equal(t.decidedBy, 'cap');
      assert.equal(t.lead, 2);
      assert.equal(t.margin, 1);
    });

    it('a tally for a winner that is not the leader measures its lead against the leader', () => {
      const race = new Race({ k: 3, voteCap: 5 });
      feed(race, ['A', 'B', 'A', 'C', 'A']);
      const t = race.tally('B', 'cap'); // e.g. a human approved B
      assert.equal(t.lead, 1 - 3);
      assert.equal(t.margin, 1 - 4);
    });

    it('an undecided tally has no winner, lead 0 and margin 0', () => {
      const race = new Race({ k: 3, voteCap: 4 });
      feed(race, ['A', 'B', 'B', 'A']);
      const t = race.tally(undefined, 'undecided');
      assert.equal(t.winner, undefined);
      assert.equal(t.lead, 0);
      assert.equal(t.margin, 0);
      assert.equal(t.votes, 4);
      assert.equal(t.decidedBy, 'undecided');
      assert.deepEqual(t.counts, { A: 2, B: 2 });
    });

    it('isUnanimous() is true only while every vote went to the winner', () => {
      const race = new Race({ k: 1, voteCap: 10 });
      race.add('A');
      assert.equal(isUnanimous(race.tally('A', 'lead')), true);
      race.add('B');
      assert.equal(isUnanimous(race.tally('A', 'cap')), false);
      assert.equal(isUnanimous(race.tally('B', 'cap')), false, 'a winner that is not the leader');
    });

    it('isContested() is true for a split vote or a cap decision, false for a unanimous lead', () => {
      const race = new Race({ k: 3, voteCap: 10 });
      feed(race, ['A', 'A', 'A']);
      assert.equal(isContested(race.tally('A', 'lead')), false);
      assert.equal(isContested(race.tally('A', 'cap')), true, 'unanimous, but the cap decided it');
      race.add('B');
      assert.equal(isContested(race.tally('A', 'lead')), true);
    });
  });

  describe('invalid options', () => {
    for (const k of [0, -1, 1.5, NaN]) {
      it(`k = ${k} throws`, () => {
        assert.throws(() => new Race({ k, voteCap: 10 }), /k must be a positive integer/);
      });
    }

    it('a vote cap below k throws', () => {
      assert.throws(() => new Race({ k: 3, voteCap: 2 }), /vote cap 2 is below k=3/);
    });
  });

  describe('property: agrees with a brute-force reimplementation of do_voting', () => {
    it('random vote sequences (seeded), k = 1..4, 2..5 candidates', () => {
      const next = rng(20251109);
      let decidedRaces = 0;
      let cappedRaces = 0;
      for (let trial = 0; trial < 600; trial++) {
        const k = 1 + Math.floor(next() * 4);
        const nCand = 2 + Math.floor(next() * 4);
        const voteCap = k + Math.floor(next() * 20);
        // A skewed distribution so both decided and capped races occur.
        const bias = next();
        const race = new Race({ k, voteCap });
        const counts = new Map<string, number>();
        let total = 0;
        for (;;) {
          const size = race.nextRoundSize();
          const expected = bruteDecided(counts, k);
          if (expected !== undefined || total >= voteCap) {
            assert.equal(size, 0);
            break;
          }
          const deficit = total === 0 ? k : Math.max(1, bruteDeficit(counts, k));
          assert.equal(size, Math.min(deficit, voteCap - total), `trial ${trial}: round size`);
          assert.ok(size >= 1);
          for (let i = 0; i < size; i++) {
            const r = next();
            const key = r < bias ? 'c0' : `c${1 + Math.floor(next() * (nCand - 1))}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            total++;
            const wasDecided = race.decided();
            const got = race.add(key);
            const want = bruteDecided(counts, k);
            assert.equal(got, want !== undefined, `trial ${trial} vote ${total}: decided`);
            if (got) {
              assert.equal(wasDecided, false);
              // Only the candidate just voted for can newly satisfy the rule (as in do_voting).
              assert.equal(want, key);
              assert.equal(race.top()[0], key);
              break;
            }
          }
          if (race.decided()) break;
        }
        assert.equal(race.votes, total);
        for (const [key, n] of counts) assert.equal(race.countOf(key), n);
        if (race.decided()) {
          decidedRaces++;
          assert.equal(race.capped(), false);
        } else {
          cappedRaces++;
          assert.equal(race.capped(), true);
          // Plurality: the unique top, or undefined on a tie.
          const max = Math.max(...counts.values());
          const tops = [...counts].filter(([, n]) => n === max).map(([key]) => key);
          assert.equal(race.plurality(), tops.length === 1 ? tops[0] : undefined);
        }
        const t = race.tally(race.top()[0], race.decided() ? 'lead' : 'cap');
        const w = race.top()[1];
        assert.equal(t.margin, w - (total - w));
        if (race.decided()) assert.ok(t.lead >= k);
        // The numbers-only reading agrees with the counts themselves.
        assert.equal(isUnanimous(t), counts.size === 1, `trial ${trial}: isUnanimous`);
        assert.equal(isContested(t), counts.size > 1 || !race.decided(), `trial ${trial}: isContested`);
      }
      assert.ok(decidedRaces > 50 && cappedRaces > 50, `both outcomes exercised (decided ${decidedRaces}, capped ${cappedRaces})`);
    });
  });
});

describe('engine/race: first-to-k (the paper\'s variant)', () => {
  it('is decided when a candidate reaches k votes, whatever the others have', () => {
    const race = new Race({ k: 3, voteCap: 100, rule: 'first_to_k' });
    assert.equal(feed(race, ['A', 'B', 'B', 'A', 'A']), 4, 'A reaches 3 at the fifth vote, with B at 2');
    assert.deepEqual(race.top(), ['A', 3, 2]);
    // The same votes under first-to-ahead-by-3 are still open: A leads B by only 1.
    const ahead = new Race({ k: 3, voteCap: 100 });
    assert.equal(feed(ahead, ['A', 'B', 'B', 'A', 'A']), -1);
  });

  it('draws k first, then the leader\'s shortfall to k', () => {
    const race = new Race({ k: 3, voteCap: 100, rule: 'first_to_k' });
    assert.equal(race.nextRoundSize(), 3);
    feed(race, ['A', 'B', 'C']);
    assert.equal(race.nextRoundSize(), 2, 'the leader has 1 of 3');
    feed(race, ['A', 'B']);
    assert.equal(race.nextRoundSize(), 1);
    assert.equal(race.add('B'), true);
  });

  it('never needs more votes than ahead-by-k on the same stream (property, 500 seeded streams)', () => {
    const next = rng(11);
    for (let i = 0; i < 500; i++) {
      const votes = Array.from({ length: 60 }, () => 'ABC'[Math.floor(next() * 3)]);
      const first = feed(new Race({ k: 3, voteCap: 100, rule: 'first_to_k' }), votes);
      const ahead = feed(new Race({ k: 3, voteCap: 100 }), votes);
      if (ahead >= 0) assert.ok(first >= 0 && first <= ahead, `stream ${i}: first-to-k at ${first}, ahead-by-k at ${ahead}`);
    }
  });
});
