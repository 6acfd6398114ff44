// The Towers of Hanoi task: the paper's strict parser (last `move =`, last `next_state =`,
// case-insensitive, literals, 3 ints, 1..N exactly once), move legality, the prompt's strategy
// and the canonical vote key.
import assert from 'node:assert/strict';
import {
  applyMove,
  FormatError,
  initialState,
  isSolved,
  legalMoves,
  outputKey,
  parseResponse,
  stateKey,
  strategyMove,
  totalSteps,
  type Move,
  type Pegs,
} from '../../../src/engine/chain/hanoi';
import { hanoiTask } from '../../../src/engine/chain/hanoiTask';

function fails(text: string, disks: number, why: RegExp): void {
  assert.throws(
    () => parseResponse(text, disks),
    (e: unknown) => {
      assert.ok(e instanceof FormatError, `expected a FormatError, got ${String(e)}`);
      assert.match((e as Error).message, why);
      return true;
    },
  );
}

describe('engine/chain/hanoi', () => {
  describe('parseResponse: the strict parser', () => {
    it('parses the plain answer format', () => {
      const out = parseResponse('move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3);
      assert.deepEqual(out, { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
    });

    it('several `move =` lines: the LAST one wins, and the last next_state', () => {
      const text = [
        'Let me think. First I considered move = [2, 0, 1] with next_state = [[3, 1], [2], []].',
        'That is illegal because disk 1 is on top. So:',
        'move = [1, 0, 1]',
        'next_state = [[3, 2], [1], []]',
        'Wait, the strategy for odd N moves disk 1 counter-clockwise. Final answer:',
        'move = [1, 0, 2]',
        'next_state = [[3, 2], [], [1]]',
      ].join('\n');
      assert.deepEqual(parseResponse(text, 3), { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
    });

    it('takes the last move and the last next_state independently of their order', () => {
      const text = 'next_state = [[3], [2], [1]]\nmove = [9, 9, 9]\nnext_state = [[3, 2], [], [1]]\nmove = [1, 0, 2]';
      assert.deepEqual(parseResponse(text, 3), { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
    });

    it('is case-insensitive: MOVE = and NEXT_STATE =', () => {
      const out = parseResponse('MOVE = [1, 0, 2]\nNEXT_STATE = [[3, 2], [], [1]]', 3);
      assert.deepEqual(out, { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
      assert.deepEqual(parseResponse('Move=[1,0,2] Next_State=[[3,2],[],[1]]', 3).move, [1, 0, 2]);
    });

    it('accepts newlines and extra spaces inside the lists', () => {
      const text = 'move = [\n  1,\n  0,\n  2\n]\nnext_state = [\n  [3, 2],\n  [],\n  [1]\n]\n';
      assert.deepEqual(parseResponse(text, 3), { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
      assert.deepEqual(parseResponse('move   =   [ 1 , 0 , 2 ]\nnext_state=[ [ 3 , 2 ] , [ ] , [ 1 ] ]', 3).next_state, [[3, 2], [], [1]]);
    });

    it('accepts Python-style trailing commas inside the lists', () => {
      const out = parseResponse('move = [1, 0, 2,]\nnext_state = [[3, 2,], [], [1,]]', 3);
      assert.deepEqual(out, { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
    });

    it('does not mistake previous_move for move', () => {
      fails('previous_move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3, /no `move = \[\.\.\.\]` found/);
    });

    it('text with no move is a format error', () => {
      fails('I would move the smallest disk to peg 2.', 3, /no `move = \[\.\.\.\]` found/);
      fails('', 3, /no `move/);
    });

    it('a move with no next_state is a format error', () => {
      fails('move = [1, 0, 2]', 3, /no `next_state = /);
    });

    it('a next_state that is not three lists does not match', () => {
      fails('move = [1, 0, 2]\nnext_state = [[3, 2], [1]]', 3, /no `next_state/);
      fails('move = [1, 0, 2]\nnext_state = [[3], [2], [], [1]]', 3, /no `next_state/);
    });

    it('a move with 2 or 4 numbers is a format error', () => {
      fails('move = [1, 0]\nnext_state = [[3, 2], [], [1]]', 3, /move must be exactly 3 integers/);
      fails('move = [1, 0, 2, 2]\nnext_state = [[3, 2], [], [1]]', 3, /move must be exactly 3 integers/);
      fails('move = []\nnext_state = [[3, 2], [], [1]]', 3, /move must be exactly 3 integers/);
    });

    it('non-integers are format errors', () => {
      fails('move = [1.5, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3, /move is not a list of integers/);
      fails('move = [1.0, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3, /move is not a list of integers/);
      fails("move = ['1', 0, 2]\nnext_state = [[3, 2], [], [1]]", 3, /move is not a list of integers/);
      fails('move = [one, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3, /move is not a list of integers/);
      fails('move = [1, 0, 2]\nnext_state = [[3, 2.0], [], [1]]', 3, /next_state is not a list of integers/);
      fails('move = [1, 0, 2]\nnext_state = [[3, None], [2], [1]]', 3, /next_state is not a list of integers/);
    });

    it('broken literals are format errors', () => {
      fails('move = [1,, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3, /move is not a valid literal/);
      fails('move = [1 0 2]\nnext_state = [[3, 2], [], [1]]', 3, /move is not a valid literal/);
      fails('move = [1, 0, 2]\nnext_state = [[3 2], [], [1]]', 3, /next_state is not a valid literal/);
    });

    it('an empty-element literal `[,]` is a format error, as in Python', () => {
      fails('move = [1, 0, 2]\nnext_state = [[3, 2, 1], [,], []]', 3, /next_state is not a valid literal/);
      fails('move = [1, 0, 2]\nnext_state = [[3, 2], [,], [1]]', 3, /next_state is not a valid literal/);
    });

    it('missing disks are a format error', () => {
      fails('move = [1, 0, 2]\nnext_state = [[3], [], [1]]', 3, /next_state holds 2 disks, expected 3/);
      fails('move = [1, 0, 2]\nnext_state = [[], [], []]', 3, /holds 0 disks, expected 3/);
    });

    it('extra disks (a disk above N, or disk 0) are a format error', () => {
      fails('move = [1, 0, 2]\nnext_state = [[4, 3, 2], [], [1]]', 3, /disk 4, outside 1\.\.3/);
      fails('move = [1, 0, 2]\nnext_state = [[3, 2, 0], [], [1]]', 3, /disk 0, outside 1\.\.3/);
      fails('move = [1, 0, 2]\nnext_state = [[3, 2, -1], [], [1]]', 3, /disk -1, outside/);
    });

    it('duplicate disks are a format error', () => {
      fails('move = [1, 0, 2]\nnext_state = [[3, 2], [2], [1]]', 3, /disk 2 twice/);
      fails('move = [1, 0, 2]\nnext_state = [[3, 2, 1], [], [1]]', 3, /disk 1 twice/);
    });

    it('does not check legality (voting does): an illegal but well-formed answer parses', () => {
      // Disk 3 is under disk 2 on peg 0, so this move is illegal; the parser still accepts it.
      const out = parseResponse('move = [3, 0, 1]\nnext_state = [[2, 1], [3], []]', 3);
      assert.deepEqual(out.move, [3, 0, 1]);
      // Stacking order is not checked either (a big disk on a small one).
      assert.deepEqual(parseResponse('move = [1, 0, 2]\nnext_state = [[1, 2, 3], [], []]', 3).next_state, [[1, 2, 3], [], []]);
    });

    it('works for 20 disks (the paper size)', () => {
      const first = Array.from({ length: 19 }, (_, i) => 20 - i);
      const out = parseResponse(`move = [1, 0, 1]\nnext_state = [[${first.join(', ')}], [1], []]`, 20);
      assert.equal(out.next_state[0].length, 19);
    });
  });

  describe('outputKey: the exact-match vote key', () => {
    it('is canonical: two texts differing only in spacing give the same key', () => {
      const a = parseResponse('move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3);
      const b = parseResponse('Reasoning...\n  MOVE=[1,0,2]\n\n  next_state =\n[ [3,2] ,[ ], [1] ]\n', 3);
      const c = parseResponse('move = [1, 0, 2,]\nnext_state = [[3, 2,], [], [1,]]', 3);
      assert.equal(outputKey(a), outputKey(b));
      assert.equal(outputKey(a), outputKey(c));
      assert.equal(outputKey(a), 'move=[1, 0, 2] next_state=[[3, 2], [], [1]]');
    });

    it('differs when the move or the state differs', () => {
      const a = parseResponse('move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]', 3);
      const b = parseResponse('move = [1, 0, 1]\nnext_state = [[3, 2], [], [1]]', 3);
      const c = parseResponse('move = [1, 0, 2]\nnext_state = [[3, 2], [1], []]', 3);
      assert.notEqual(outputKey(a), outputKey(b));
      assert.notEqual(outputKey(a), outputKey(c));
    });

    it('hanoiTask exposes the same parser and key', () => {
      const task = hanoiTask(3);
      const out = task.parse('move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]');
      assert.equal(task.key(out), outputKey(out));
      assert.deepEqual(task.next(out), [[3, 2], [], [1]]);
      assert.throws(() => task.parse('move = [1, 0, 2]\nnext_state = [[3], [], [1]]'), FormatError);
      assert.equal(task.totalSteps(), 7);
    });
  });

  describe('applyMove: legality', () => {
    const start: Pegs = [[3, 2, 1], [], []];

    it('applies a legal move without mutating its input', () => {
      const next = applyMove(start, [1, 0, 2]);
      assert.deepEqual(next, [[3, 2], [], [1]]);
      assert.deepEqual(start, [[3, 2, 1], [], []]);
    });

    it('rejects a disk that is not on top of its peg', () => {
      assert.equal(applyMove(start, [2, 0, 1]), 'disk 2 is not on top of peg 0');
      assert.equal(applyMove(start, [1, 1, 2]), 'disk 1 is not on top of peg 1');
    });

    it('rejects a bigger disk on a smaller one', () => {
      assert.equal(applyMove([[3, 2], [], [1]], [2, 0, 2]), 'disk 2 cannot go on smaller disk 1');
    });

    it('rejects bad pegs and a move to the same peg', () => {
      assert.match(applyMove(start, [1, 0, 3]) as string, /bad pegs/);
      assert.match(applyMove(start, [1, -1, 2]) as string, /bad pegs/);
      assert.match(applyMove(start, [1, 0, 0]) as string, /bad pegs/);
    });

    it('legalMoves lists exactly the legal moves', () => {
      assert.deepEqual(legalMoves(start), [[1, 0, 1], [1, 0, 2]]);
      const mid: Pegs = [[3], [2], [1]];
      const moves = legalMoves(mid);
      assert.deepEqual(moves.sort(), ([[1, 2, 0], [1, 2, 1], [2, 1, 0]] as Move[]).sort());
      for (const m of moves) assert.equal(typeof applyMove(mid, m), 'object');
    });
  });

  describe('strategyMove: the prompt strategy solves the puzzle', () => {
    for (let n = 1; n <= 8; n++) {
      it(`N = ${n}: ${2 ** n - 1} legal moves, ending on peg 2`, () => {
        let pegs = initialState(n);
        let previous: Move | null = null;
        let moves = 0;
        while (!isSolved(pegs, n)) {
          const m = strategyMove(pegs, previous, n);
          assert.ok(m, `no strategy move at step ${moves + 1}`);
          const next = applyMove(pegs, m);
          assert.notEqual(typeof next, 'string', `illegal strategy move ${JSON.stringify(m)}: ${String(next)}`);
          pegs = next as Pegs;
          previous = m;
          moves++;
          assert.ok(moves <= totalSteps(n), 'more moves than 2^N - 1');
        }
        assert.equal(moves, 2 ** n - 1);
        assert.equal(totalSteps(n), 2 ** n - 1);
        const tower = Array.from({ length: n }, (_, i) => n - i);
        assert.deepEqual(pegs, [[], [], tower]);
      });
    }

    it('even N moves disk 1 clockwise first (0 -> 1), odd N counter-clockwise (0 -> 2)', () => {
      assert.deepEqual(strategyMove(initialState(4), null, 4), [1, 0, 1]);
      assert.deepEqual(strategyMove(initialState(3), null, 3), [1, 0, 2]);
    });

    it('after a disk-1 move, makes the only legal move that does not move disk 1', () => {
      assert.deepEqual(strategyMove([[3, 2], [], [1]], [1, 0, 2], 3), [2, 0, 1]);
    });
  });

  describe('state helpers', () => {
    it('initialState, stateKey and isSolved', () => {
      assert.deepEqual(initialState(4), [[4, 3, 2, 1], [], []]);
      assert.equal(stateKey(initialState(3)), '[[3, 2, 1], [], []]');
      assert.equal(isSolved([[], [], [2, 1]], 2), true);
      assert.equal(isSolved([[], [2, 1], []], 2), false);
    });
  });
});
