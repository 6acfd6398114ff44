// The tree flow's strict parsers: decompositions (ATOMIC or a numbered list with "(after n)"
// dependencies) and discriminator votes (an option number).
import assert from 'node:assert/strict';
import { decompositionKey, parseDecomposition, parseJudgeVote, textKey } from '../../../src/engine/tree/parsers';

describe('engine/tree/parsers', () => {
  describe('parseDecomposition', () => {
    it('ATOMIC alone (also bold, any case) is an atomic step', () => {
      assert.deepEqual(parseDecomposition('ATOMIC'), { atomic: true, subtasks: [] });
      assert.deepEqual(parseDecomposition('This step is small.\n**ATOMIC**\n'), { atomic: true, subtasks: [] });
      assert.deepEqual(parseDecomposition('  atomic  '), { atomic: true, subtasks: [] });
    });

    it('a numbered list gives subtasks in order, with no dependencies by default', () => {
      const d = parseDecomposition('Plan:\n1. Write the parser\n2) Write the tests\n3. Update the README\n');
      assert.equal(d.atomic, false);
      assert.deepEqual(d.subtasks, [
        { description: 'Write the parser', after: [] },
        { description: 'Write the tests', after: [] },
        { description: 'Update the README', after: [] },
      ]);
    });

    it('"(after n)" makes a subtask wait for earlier ones (1-based in text, 0-based in the result)', () => {
      const d = parseDecomposition('1. Add the type\n2. Use it in the parser (after 1)\n3. Test both (after 1, 2)\n4. Document (After 2 and 3)\n');
      assert.deepEqual(
        d.subtasks.map((s) => s.after),
        [[], [0], [0, 1], [1, 2]],
      );
      assert.equal(d.subtasks[1].description, 'Use it in the parser');
      assert.equal(d.subtasks[3].description, 'Document');
    });

    it('a dependency on a later subtask (or itself) is an error', () => {
      assert.throws(() => parseDecomposition('1. A (after 2)\n2. B\n'), /subtask 1 waits for 2, which is not an earlier subtask/);
      assert.throws(() => parseDecomposition('1. A\n2. B (after 2)\n'), /subtask 2 waits for 2/);
      assert.throws(() => parseDecomposition('1. A\n2. B (after 0)\n'), /subtask 2 waits for 0/);
    });

    it('a single item is atomic', () => {
      assert.deepEqual(parseDecomposition('1. Just do it all\n'), { atomic: true, subtasks: [] });
    });

    it('indented continuation lines join the item above; an indented fence line does not', () => {
      const d = parseDecomposition('1. Write the parser\n   for the move format\n   and the state\n2. Test it\n   ```text\n');
      assert.equal(d.subtasks[0].description, 'Write the parser for the move format and the state');
      assert.equal(d.subtasks[1].description, 'Test it');
    });

    it('unindented prose between items is ignored', () => {
      const d = parseDecomposition('1. First\nSome commentary.\n2. Second\n');
      assert.deepEqual(d.subtasks.map((s) => s.description), ['First', 'Second']);
    });

    it('neither ATOMIC nor a list is an error', () => {
      assert.throws(() => parseDecomposition('I think we should split this up somehow.'), /neither ATOMIC nor a numbered list/);
      assert.throws(() => parseDecomposition(''), /neither ATOMIC/);
    });

    it('an empty subtask and more than 12 subtasks are errors', () => {
      assert.throws(() => parseDecomposition('1. A\n2. (after 1)\n'), /subtask 2 is empty/);
      const many = Array.from({ length: 13 }, (_, i) => `${i + 1}. task ${i + 1}`).join('\n');
      assert.throws(() => parseDecomposition(many), /13 subtasks, at most 12/);
      assert.equal(parseDecomposition(many.split('\n').slice(0, 12).join('\n')).subtasks.length, 12);
    });
  });

  describe('decompositionKey', () => {
    it('is stable across whitespace', () => {
      const a = parseDecomposition('1. Write   the parser\n2. Test it (after 1)\n');
      const b = parseDecomposition('\n\n1.   Write the parser  \n2.   Test   it   (after  1)\n\n');
      const c = parseDecomposition('1. Write the\n   parser\n2. Test it (after 1)');
      assert.equal(decompositionKey(a), decompositionKey(b));
      assert.equal(decompositionKey(a), decompositionKey(c));
      assert.equal(decompositionKey(a), '1. Write the parser\n2. Test it (after 1)');
    });

    it('differs when the subtasks or their dependencies differ', () => {
      const a = parseDecomposition('1. A\n2. B (after 1)\n');
      const b = parseDecomposition('1. A\n2. B\n');
      const c = parseDecomposition('1. B\n2. A\n');
      assert.notEqual(decompositionKey(a), decompositionKey(b));
      assert.notEqual(decompositionKey(b), decompositionKey(c));
    });

    it('is ATOMIC for an atomic step', () => {
      assert.equal(decompositionKey(parseDecomposition('ATOMIC')), 'ATOMIC');
    });

    it('textKey collapses whitespace', () => {
      assert.equal(textKey('  a\n\tb   c '), 'a b c');
    });
  });

  describe('parseJudgeVote', () => {
    it('reads `OPTION: 2`', () => {
      assert.equal(parseJudgeVote('Both are fine, but the second is cleaner.\nOPTION: 2', 3), 2);
    });

    it('reads `Best: 3` and other labels, any case', () => {
      assert.equal(parseJudgeVote('Best: 3', 3), 3);
      assert.equal(parseJudgeVote('answer = 1', 3), 1);
      assert.equal(parseJudgeVote('**Winner:** 2', 3), 2);
      assert.equal(parseJudgeVote('option #3', 3), 3);
    });

    it('the last labelled number wins', () => {
      assert.equal(parseJudgeVote('Option 1 is too long and option 3 misses a case.\nOPTION: 2', 3), 2);
    });

    it('an explicit `OPTION: n` verdict beats a later prose mention of another option', () => {
      assert.equal(parseJudgeVote('OPTION: 2\nI picked it over option 3.', 3), 2);
      assert.equal(parseJudgeVote('OPTION: 2\n(Option 1 misses a case.)', 3), 2);
    });

    it('a bare number is a vote', () => {
      assert.equal(parseJudgeVote('2', 3), 2);
      assert.equal(parseJudgeVote('  **1** \n', 3), 1);
      assert.equal(parseJudgeVote('3.', 3), 3);
    });

    it('an option out of range is an error', () => {
      assert.throws(() => parseJudgeVote('OPTION: 4', 3), /option 4 is not between 1 and 3/);
      assert.throws(() => parseJudgeVote('OPTION: 0', 3), /option 0 is not between 1 and 3/);
      assert.throws(() => parseJudgeVote('7', 2), /option 7 is not between 1 and 2/);
    });

    it('naming no option is an error', () => {
      assert.throws(() => parseJudgeVote('They are both good.', 3), /named no option/);
      assert.throws(() => parseJudgeVote('I prefer the second one, 2 of them are close', 3), /named no option/);
      assert.throws(() => parseJudgeVote('', 3), /named no option/);
    });
  });
});
