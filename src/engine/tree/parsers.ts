// Strict parsers for the tree flow's answers. What they cannot read is a `format` red flag.

export interface Subtask {
  description: string;
  /** 0-based indexes of earlier subtasks this one must wait for. */
  after: number[];
}

export interface Decomposition {
  atomic: boolean;
  subtasks: Subtask[];
}

const MAX_SUBTASKS = 12;

/**
 * A decomposition is either a line `ATOMIC` (the step is small enough to solve) or a numbered
 * list of subtasks. A subtask may say `(after 1, 2)` to wait for earlier ones; the rest may run
 * at the same time.
 */
export function parseDecomposition(text: string): Decomposition {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)[.)]\s+(.*\S)\s*$/.exec(line);
    if (m) {
      items.push(m[2]);
    } else if (items.length > 0 && /^\s{2,}\S/.test(line) && !/^\s*```/.test(line)) {
      items[items.length - 1] += ' ' + line.trim();
    }
  }
  if (items.length === 0) {
    if (/^\s*\**ATOMIC\**\s*$/im.test(text)) return { atomic: true, subtasks: [] };
    throw new Error('neither ATOMIC nor a numbered list of subtasks');
  }
  if (items.length > MAX_SUBTASKS) throw new Error(`${items.length} subtasks, at most ${MAX_SUBTASKS}`);
  const subtasks = items.map((raw, i) => {
    const after: number[] = [];
    const description = raw
      .replace(/\(\s*after\s+([\d,\s and]+)\)/i, (_all, list: string) => {
        for (const n of list.match(/\d+/g) ?? []) {
          const j = Number(n) - 1;
          if (j < 0 || j >= i) throw new Error(`subtask ${i + 1} waits for ${n}, which is not an earlier subtask`);
          after.push(j);
        }
        return '';
      })
      .trim();
    if (description.length === 0) throw new Error(`subtask ${i + 1} is empty`);
    return { description, after };
  });
  if (subtasks.length === 1) return { atomic: true, subtasks: [] };
  return { atomic: false, subtasks };
}

export function decompositionKey(d: Decomposition): string {
  if (d.atomic) return 'ATOMIC';
  return d.subtasks.map((s, i) => `${i + 1}. ${normalize(s.description)}${s.after.length ? ` (after ${s.after.map((a) => a + 1).join(', ')})` : ''}`).join('\n');
}

/** A discriminator names one option by number: the last `OPTION: n` (or `best: n`, `answer: n`), else a bare number. */
export function parseJudgeVote(text: string, options: number): number {
  let n: number | undefined;
  // An explicit verdict at a line start ("OPTION: 2", "**Winner:** 2") beats prose that merely
  // mentions another option later ("I picked it over option 3").
  for (const m of text.matchAll(/^\W*(?:option|choice|answer|best|winner|vote)\W*[:=#]\s*\**\s*(\d+)/gim)) n = Number(m[1]);
  if (n === undefined) {
    for (const m of text.matchAll(/\b(?:option|choice|answer|best|winner|vote)\b\s*(?:number|no\.?|#)?\s*[:=#]?\s*\**\s*(\d+)/gi)) n = Number(m[1]);
  }
  if (n === undefined && /^\s*\**\s*\d+\s*\**\s*\.?\s*$/.test(text)) n = Number(text.replace(/\D/g, ''));
  if (n === undefined) throw new Error('the discriminator named no option');
  if (n < 1 || n > options) throw new Error(`option ${n} is not between 1 and ${options}`);
  return n;
}

/** An exact-match key for free text: whitespace-insensitive. */
export function textKey(text: string): string {
  return normalize(text);
}

function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
