// --inspect's formats in-process, for the cases a simulated Hanoi run never produces: answers
// with several or broken <file> blocks, failed calls, and text that carries a key.
import assert from 'node:assert/strict';
import { inspector } from '../../../src/cli/inspect';
import type { InspectMode } from '../../../src/cli/globals';
import type { LlmCall } from '../../../src/llm';
import { redactSecrets } from '../../../src/llm';

const call = (text: string | undefined, error?: string): LlmCall => ({
  request: { provider: 'openai', model: 'gpt-x', role: 'solver', prompt: 'fix it', temperature: 0.1, maxTokens: 100 },
  response: text === undefined ? undefined : { text, usage: { input: 10, output: 5 }, finish: 'stop', latencyMs: 12.4 },
  error,
  elapsedMs: 13,
});

function show(mode: InspectMode, calls: LlmCall[], compact = false): string {
  let out = '';
  const tap = inspector({ mode, compact, redact: (t) => redactSecrets(t, ['secret-value-123456']), write: (t) => (out += t) });
  calls.forEach(tap);
  return out;
}

describe('cli: --inspect formats', () => {
  it('files: each proposed path with its line count and first line; broken and missing blocks said plainly', () => {
    const two = '<file path="src/a.ts">\nexport const a = 1;\n\nexport const b = 2;\n</file>\n<file path="README.md">\n\n# Title\n</file>';
    const out = show('files', [call(two), call('<file path="x.py">\nprint(1)\n'), call('just prose'), call(undefined, 'timed out')]);
    assert.equal(out, [
      '#1 solver openai/gpt-x: 2 file(s)',
      '  src/a.ts  3 lines  export const a = 1;',
      '  README.md  2 lines  # Title',
      '#2 solver openai/gpt-x: unterminated <file path="x.py"> block (no </file>): the output looks truncated',
      '#3 solver openai/gpt-x: no <file> blocks',
      '#4 solver openai/gpt-x: error: timed out',
      '',
    ].join('\n'));
  });

  it('ops and payloads: failed calls are shown, known secrets redacted, --compact one line per call', () => {
    assert.equal(show('ops', [call(undefined, 'quota exhausted')]), '#1 solver model=gpt-x provider=openai error: quota exhausted\n');
    const lines = show('payloads', [call('the key is secret-value-123456')], true).trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const p = JSON.parse(lines[0]);
    assert.equal(p.response.text, 'the key is [redacted]');
    assert.equal(p.request.max_tokens, 100);
    assert.equal(p.response.latency_ms, 12);
  });
});
