// Red flaggers discard samples (the engine resamples, never repairs): length, format, markdown,
// syntax (with the real tree-sitter checker), the pipeline's first-hit and run-all modes, crash
// handling, and the order buildPipeline puts them in.
import assert from 'node:assert/strict';
import type { AgentConfig, DomainConfig, RedFlaggerConfig } from '../../../src/engine/config';
import type { RedFlagHit } from '../../../src/engine/model';
import type { LlmClient, SyntaxChecker } from '../../../src/engine/ports';
import { hanoiTask } from '../../../src/engine/chain/hanoiTask';
import { sampleParser } from '../../../src/engine/chain/task';
import { buildPipeline } from '../../../src/engine/redflags/build';
import { extractCode } from '../../../src/engine/redflags/codeBlocks';
import { languageForPath } from '../../../src/engine/languages';
import { FormatFlagger } from '../../../src/engine/redflags/format';
import { LengthFlagger } from '../../../src/engine/redflags/length';
import { MarkdownFlagger } from '../../../src/engine/redflags/markdown';
import { RedFlagPipeline } from '../../../src/engine/redflags/pipeline';
import { SyntaxFlagger } from '../../../src/engine/redflags/syntax';
import type { Draft, RedFlagger } from '../../../src/engine/redflags/types';
import { createTreeSitterChecker, type TreeSitterChecker } from '../../../src/workspace/treeSitter';

const hanoi3 = sampleParser(hanoiTask(3));

function draft(text: string, extra: Partial<Draft> = {}): Draft {
  return { role: 'solver', text, finish: 'stop', tokensOut: Math.ceil(text.length / 4), maxTokens: 750, stepDescription: 'step', ...extra };
}

/** A flagger that records its calls and answers what it is told. */
class Spy implements RedFlagger {
  calls = 0;
  constructor(
    readonly name: string,
    private readonly answer: RedFlagHit | null | (() => never),
    private readonly async = false,
  ) {}
  check(): RedFlagHit | null | Promise<RedFlagHit | null> {
    this.calls++;
    const a = this.answer;
    if (typeof a === 'function') {
      if (this.async) return Promise.resolve().then(() => a());
      return a();
    }
    return this.async ? Promise.resolve(a) : a;
  }
}

const GOOD_PY = 'def add(a, b):\n    return a + b\n';
const BAD_PY = 'def add(a, b)\n    return (a + b\n';

describe('engine/redflags', () => {
  describe('length', () => {
    const f = new LengthFlagger(750);

    it('passes an answer within the cap', () => {
      assert.equal(f.check(draft('x', { tokensOut: 750 })), null);
    });

    it('flags output tokens over the cap', () => {
      assert.deepEqual(f.check(draft('x', { tokensOut: 751 })), { flagger: 'length', reason: '751 output tokens > 750' });
    });

    it("flags a truncated answer (finish 'length') even under the cap", () => {
      const hit = f.check(draft('x', { tokensOut: 10, finish: 'length', maxTokens: 750 }));
      assert.equal(hit?.flagger, 'length');
      assert.match(hit!.reason, /truncated at max_tokens=750/);
    });
  });

  describe('format', () => {
    it('passes what the parser accepts, and leaves its parse on the draft for the vote key', () => {
      const f = new FormatFlagger(hanoi3);
      const d = draft('move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]');
      assert.equal(f.check(d), null);
      assert.deepEqual(d.parsed, hanoi3(d.text));
      assert.deepEqual(d.parsed?.output, { move: [1, 0, 2], next_state: [[3, 2], [], [1]] });
    });

    it("a parser that throws is a flag carrying the parser's reason", () => {
      const f = new FormatFlagger(hanoi3);
      assert.deepEqual(f.check(draft('move = [1, 0]\nnext_state = [[3, 2], [], [1]]')), {
        flagger: 'format',
        reason: 'move must be exactly 3 integers: [1, 0]',
      });
      assert.match(f.check(draft('no answer'))!.reason, /no `move/);
    });
  });

  describe('markdown', () => {
    const rules = { requireHeading: true, minSections: 1, maxChars: 0 };

    it('passes a small report with a heading', () => {
      assert.equal(new MarkdownFlagger(rules).check(draft('# Findings\n\nAll good.\n')), null);
    });

    it('flags an answer without a heading', () => {
      assert.deepEqual(new MarkdownFlagger(rules).check(draft('Just prose, no structure.')), { flagger: 'markdown', reason: 'no Markdown heading' });
    });

    it('a "# comment" inside a code block is not a heading', () => {
      const hit = new MarkdownFlagger(rules).check(draft('Here:\n```python\n# not a heading\nx = 1\n```\n'));
      assert.equal(hit?.reason, 'no Markdown heading');
    });

    it('flags an unbalanced code fence', () => {
      const hit = new MarkdownFlagger(rules).check(draft('# Title\n\n```js\nconst x = 1;\n'));
      assert.deepEqual(hit, { flagger: 'markdown', reason: 'unbalanced code fence' });
      assert.equal(new MarkdownFlagger(rules).check(draft('# Title\n\n```js\nconst x = 1;\n```\n')), null);
    });

    it('flags fewer sections than min_sections', () => {
      const f = new MarkdownFlagger({ requireHeading: true, minSections: 2, maxChars: 0 });
      assert.equal(f.check(draft('# One\ntext'))?.reason, '1 sections, expected at least 2');
      assert.equal(f.check(draft('# One\ntext\n## Two\nmore')), null);
    });

    it('flags an answer over max_chars', () => {
      const f = new MarkdownFlagger({ requireHeading: true, minSections: 1, maxChars: 20 });
      assert.equal(f.check(draft('# T\n' + 'x'.repeat(16))), null);
      assert.equal(f.check(draft('# T\n' + 'x'.repeat(30)))?.reason, '34 characters > 20');
    });

    it('flags an empty answer; require_heading: false accepts prose', () => {
      assert.equal(new MarkdownFlagger(rules).check(draft('   \n'))?.reason, 'empty answer');
      assert.equal(new MarkdownFlagger({ requireHeading: false, minSections: 0, maxChars: 0 }).check(draft('prose only')), null);
    });
  });

  describe('pipeline', () => {
    it('run(): the first hit stops the pipeline', async () => {
      const a = new Spy('a', null);
      const b = new Spy('b', { flagger: 'b', reason: 'bad' });
      const c = new Spy('c', { flagger: 'c', reason: 'also bad' });
      const hits = await new RedFlagPipeline([a, b, c]).run(draft('x'));
      assert.deepEqual(hits, [{ flagger: 'b', reason: 'bad' }]);
      assert.deepEqual([a.calls, b.calls, c.calls], [1, 1, 0]);
    });

    it('runAll(): every flagger runs and every hit is returned, in order', async () => {
      const a = new Spy('a', { flagger: 'a', reason: 'one' });
      const b = new Spy('b', null, true);
      const c = new Spy('c', { flagger: 'c', reason: 'two' }, true);
      const hits = await new RedFlagPipeline([a, b, c]).runAll(draft('x'));
      assert.deepEqual(hits, [{ flagger: 'a', reason: 'one' }, { flagger: 'c', reason: 'two' }]);
      assert.deepEqual([a.calls, b.calls, c.calls], [1, 1, 1]);
    });

    it('a clean sample gives no hits; an empty pipeline is empty', async () => {
      assert.deepEqual(await new RedFlagPipeline([new Spy('a', null), new Spy('b', null, true)]).run(draft('x')), []);
      const empty = new RedFlagPipeline([]);
      assert.equal(empty.isEmpty, true);
      assert.deepEqual(await empty.runAll(draft('x')), []);
    });

    it('a flagger that throws is a flag "flagger crashed: …", never a silent pass', async () => {
      const boom = new Spy('boom', () => {
        throw new Error('grammar missing');
      });
      const after = new Spy('after', null);
      assert.deepEqual(await new RedFlagPipeline([boom, after]).run(draft('x')), [{ flagger: 'boom', reason: 'flagger crashed: grammar missing' }]);
      assert.equal(after.calls, 0);
    });

    it('an async flagger that rejects is a flag too', async () => {
      const boom = new Spy(
        'async-boom',
        () => {
          throw new Error('network down');
        },
        true,
      );
      const hits = await new RedFlagPipeline([boom, new Spy('ok', null)]).runAll(draft('x'));
      assert.deepEqual(hits, [{ flagger: 'async-boom', reason: 'flagger crashed: network down' }]);
    });
  });

  describe('buildPipeline', () => {
    const llm: LlmClient = {
      complete: async () => {
        throw new Error('the critic must not be called while building');
      },
    };
    const syntax: SyntaxChecker = { languages: () => ['python'], check: async () => null };

    function domainWith(domainFlaggers: RedFlaggerConfig[], agentFlaggers: RedFlaggerConfig[]): { domain: DomainConfig; agent: AgentConfig } {
      const agent: AgentConfig = {
        role: 'solver', template: 't', templateSource: '<inline>', model: 'm', samples: 3, k: 2,
        temperature: { first: 0, later: 0.1 }, maxTokens: 100, redFlaggers: agentFlaggers,
      };
      const domain: DomainConfig = {
        name: 'd', flow: 'tree', vote: 'judge', agents: { solver: agent }, stepGranularity: { maxFiles: 1, maxLinesChanged: 10 },
        applier: 'none', onVerifyFail: 'retry', verifyRetries: 0, redFlaggers: domainFlaggers,
        limits: { maxDepth: 1, minWordsToDecompose: 0, voteCap: 10, onVoteCap: 'plurality', resampleBudget: 5 },
        humanThresholds: { redFlags: 0, resamples: 0, lowMargin: 0 }, pricing: {},
      };
      return { domain, agent };
    }

    it('orders cheap synchronous flaggers first, whatever the config order', () => {
      const { domain, agent } = domainWith(
        [{ type: 'llm_critique', model: 'critic', prompt_template: 'VERDICT?' }, { type: 'syntax', language: 'python' }],
        [{ type: 'markdown' }, { type: 'length', max_tokens: 100 }],
      );
      const p = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', syntax, parse: (t) => ({ key: t, output: t }) });
      assert.deepEqual(p.flaggers.map((f) => f.name), ['length', 'format', 'markdown', 'syntax', 'llm_critique']);
    });

    it("adds the domain's strict parser as a format flagger when the config names none", () => {
      const { domain, agent } = domainWith([], []);
      const p = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', parse: hanoi3 });
      assert.deepEqual(p.flaggers.map((f) => f.name), ['format']);
      const none = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated' });
      assert.equal(none.isEmpty, true);
    });

    it('the built pipeline flags with the configured caps', async () => {
      const { domain, agent } = domainWith([], [{ type: 'length', max_tokens: 5 }, { type: 'format' }]);
      const p = buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', parse: hanoi3 });
      const hits = await p.runAll(draft('no move here', { tokensOut: 9 }));
      assert.deepEqual(hits.map((h) => h.flagger), ['length', 'format']);
      assert.equal(hits[0].reason, '9 output tokens > 5');
    });

    it("'format' on a role without a parser and 'syntax' without a checker are errors", () => {
      const a = domainWith([], [{ type: 'format' }]);
      assert.throws(() => buildPipeline(a.domain, a.agent, { llm, defaultProvider: 'simulated' }), /no strict parser/);
      const b = domainWith([{ type: 'syntax', language: 'rust' }], []);
      assert.throws(() => buildPipeline(b.domain, b.agent, { llm, defaultProvider: 'simulated' }), /needs a syntax checker/);
    });
  });

  describe('extractCode', () => {
    it('prefers <file> blocks, each in the language of its extension whatever the flagger, with the path as label', () => {
      const text = `Plan.\n<file path="src/a.py">\n${GOOD_PY}</file>\n<file path="README.md">\n# hi\n</file>\n<file path="b.js">\nlet x = 1;\n</file>\n<file path="Makefile">\nall:\n</file>\n`;
      const expected = [
        { language: 'python', code: GOOD_PY.replace(/\n$/, ''), label: 'src/a.py' },
        { language: 'markdown', code: '# hi', label: 'README.md' },
        { language: 'javascript', code: 'let x = 1;', label: 'b.js' },
      ];
      assert.deepEqual(extractCode(text, 'python'), expected);
      assert.deepEqual(extractCode(text, 'javascript'), expected);
    });

    it('reads a <file> block as the applier does: a fence inside it is unwrapped, not checked as code', () => {
      const text = `Fixed:\n<file path="x.py" lang="py">\n\`\`\`python\n${GOOD_PY}\`\`\`\n</file>\n`;
      assert.deepEqual(extractCode(text, 'python'), [{ language: 'python', code: GOOD_PY.replace(/\n$/, ''), label: 'x.py' }]);
    });

    it('typescript also checks .tsx files (with the tsx grammar)', () => {
      const pieces = extractCode('<file path="c.tsx">\nconst a = <b/>;\n</file>', 'typescript');
      assert.deepEqual(pieces.map((p) => [p.language, p.label]), [['tsx', 'c.tsx']]);
    });

    it('falls back to fenced blocks: tagged ones of the language, untagged ones take the configured language', () => {
      const text = 'a\n```python\nx = 1\n```\nb\n```js\nlet y;\n```\n```\nz = 2\n```\n';
      assert.deepEqual(extractCode(text, 'python'), [
        { language: 'python', code: 'x = 1', label: 'python block' },
        { language: 'python', code: 'z = 2', label: 'python block' },
      ]);
      assert.deepEqual(extractCode(text, 'javascript').map((p) => p.code), ['let y;', 'z = 2']);
    });

    it('an answer with fences but none in the language yields nothing; plain text is the whole answer', () => {
      assert.deepEqual(extractCode('```bash\nls\n```\n', 'python'), []);
      assert.deepEqual(extractCode('x = 1\n', 'python'), [{ language: 'python', code: 'x = 1\n', label: 'answer' }]);
    });

    it("scope 'whole' takes the whole answer; scope 'files' only <file> blocks", () => {
      const text = '```python\nx = 1\n```\n';
      assert.deepEqual(extractCode(text, 'python', { scope: 'whole' }), [{ language: 'python', code: text, label: 'answer' }]);
      assert.deepEqual(extractCode(text, 'python', { scope: 'files' }), []);
    });

    it('languageForPath maps extensions', () => {
      assert.equal(languageForPath('a/b.py'), 'python');
      assert.equal(languageForPath('x.RS'), 'rust');
      assert.equal(languageForPath('x.go'), 'go');
      assert.equal(languageForPath('Makefile'), undefined);
    });
  });

  describe('syntax (real tree-sitter)', function () {
    this.timeout(60000);
    let checker: TreeSitterChecker;
    before(() => {
      checker = createTreeSitterChecker();
    });
    after(async () => {
      await checker.dispose();
    });

    it('passes valid python inside a ```python fence', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      assert.equal(await f.check(draft(`Here is the fix:\n\n\`\`\`python\n${GOOD_PY}\`\`\`\n`)), null);
    });

    it('flags broken python inside a ```python fence, naming the block and the position', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      const hit = await f.check(draft(`Here is the fix:\n\n\`\`\`python\n${BAD_PY}\`\`\`\n`));
      assert.equal(hit?.flagger, 'syntax');
      assert.match(hit!.reason, /^Syntax error in python block: python syntax errors?: \d+:\d+ /);
    });

    it('a planned change is checked as the files it writes, so a SEARCH/REPLACE fragment is judged by its result', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      const answer = `<file path="x.py">\n<<<<<<< SEARCH\n${GOOD_PY.split('\n')[0]}\n=======\n${GOOD_PY.split('\n')[0]}  # same\n>>>>>>> REPLACE\n</file>\n`;
      assert.equal((await f.check(draft(answer)))?.flagger, 'syntax', 'the markers alone do not parse');
      assert.equal(await f.check(draft(answer, { planned: [{ path: 'x.py', before: GOOD_PY, after: GOOD_PY }, { path: 'Makefile', before: null, after: '((' }] })), null);
      const hit = await f.check(draft(answer, { planned: [{ path: 'x.py', before: GOOD_PY, after: BAD_PY }] }));
      assert.match(hit?.reason ?? '', /^Syntax error in x\.py: python syntax error/);
    });

    it('passes valid python in a <file path="x.py"> block', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      assert.equal(await f.check(draft(`<file path="x.py">\n${GOOD_PY}</file>\n`)), null);
    });

    it('flags broken python in a <file path="x.py"> block, naming the file', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      const hit = await f.check(draft(`Changed one file.\n<file path="x.py">\n${BAD_PY}</file>\n`));
      assert.equal(hit?.flagger, 'syntax');
      assert.match(hit!.reason, /^Syntax error in x\.py: python syntax errors?: /);
    });

    it('only the first broken file of several is reported', async () => {
      const f = new SyntaxFlagger(checker, 'python');
      const text = `<file path="ok.py">\n${GOOD_PY}</file>\n<file path="bad.py">\n${BAD_PY}</file>\n<file path="x.js">\nfunction (\n</file>\n`;
      assert.match((await f.check(draft(text)))!.reason, /^Syntax error in bad\.py: /);
    });

    it('through the pipeline: a syntax error is a flag; a language without a grammar gets the delimiter check, never a crash', async () => {
      const p = new RedFlagPipeline([new LengthFlagger(750), new SyntaxFlagger(checker, 'python')]);
      assert.deepEqual((await p.run(draft(`\`\`\`python\n${BAD_PY}\`\`\``))).map((h) => h.flagger), ['syntax']);
      const cobol = new RedFlagPipeline([new SyntaxFlagger(checker, 'cobol')]);
      assert.deepEqual(await cobol.run(draft('DISPLAY "HI (".')), []);
      const hits = await cobol.run(draft('DISPLAY ("HI".'));
      assert.deepEqual(hits, [{ flagger: 'syntax', reason: "Syntax error in answer: cobol delimiters (no grammar, brackets checked): 1:9 '(' is never closed" }]);
    });
  });
});
