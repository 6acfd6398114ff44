// Pure parsing of a `patch_file` candidate: find the unified diff in the model's answer,
// repair what models commonly get wrong in it, and split it per file with the `diff` package.
import { parsePatch } from 'diff';
import type { StructuredPatch } from 'diff';
import { firstPathToken, parseFencedBlocks } from './candidate';

export interface FilePatch {
  /** Target path as written in the diff (a/ b/ prefixes removed); the planner validates it. */
  path: string;
  op: 'modify' | 'create' | 'delete';
  patch: StructuredPatch;
}

export type PatchParse = { ok: true; patches: FilePatch[] } | { ok: false; reason: string };

const DIFF_FENCE_LANGS = new Set(['diff', 'patch', 'udiff']);
const DIFF_FENCE_OPEN = /^ {0,3}(?:`{3,}|~{3,})[ \t]*(?:diff|patch|udiff)\b/m;

/**
 * The diff text of a candidate: all ```diff/```patch fences joined; else fences of any tag that
 * hold a diff; else the raw answer from its first `diff --git` / `--- ` + `+++ ` header on.
 */
export function extractUnifiedDiff(text: string): string | undefined {
  const fences = parseFencedBlocks(text);
  if (fences.ok) {
    const tagged = fences.blocks.filter((b) => DIFF_FENCE_LANGS.has(b.lang)).map((b) => b.content);
    if (tagged.length > 0) return tagged.join('\n');
    const looking = fences.blocks.filter((b) => looksLikeDiff(b.content)).map((b) => b.content);
    if (looking.length > 0) return looking.join('\n');
  }
  const lines = text.split('\n');
  const start = lines.findIndex(
    (l, i) => l.startsWith('diff --git ') || (l.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) || /^@@ .*@@/.test(l),
  );
  return start === -1 ? undefined : lines.slice(start).join('\n');
}

function looksLikeDiff(s: string): boolean {
  return /^--- .*\n\+\+\+ /m.test(s) || /^@@ [^\n]*@@/m.test(s);
}

/**
 * Rewrites every hunk header from the hunk's actual lines. Models routinely miscount
 * (`@@ -1,3 +1,4 @@` over five lines), leave out the numbers (`@@ ... @@`) or drop the single
 * space of blank context lines, and the `diff` parser rejects all of that. Line numbers we do
 * not know become 1: applyPatch searches the file for the context anyway. Prose after a hunk
 * ends it.
 */
export function normalizeUnifiedDiff(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.startsWith('@@')) {
      if (isHeaderLine(line, lines[i + 1])) out.push(line);
      i++;
      continue;
    }
    const body: string[] = [];
    const wasEmpty: boolean[] = [];
    i++;
    while (i < lines.length) {
      const l = lines[i];
      if (l.startsWith('@@') || l.startsWith('diff --git ') || (l.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '))) break;
      if (l !== '' && !/^[ +\-\\]/.test(l)) break;
      body.push(l === '' ? ' ' : l);
      wasEmpty.push(l === '');
      i++;
    }
    // Blank lines at the end of a hunk are the gap before prose or the next file, not context.
    while (wasEmpty.length > 0 && wasEmpty[wasEmpty.length - 1]) {
      body.pop();
      wasEmpty.pop();
    }
    const oldCount = body.filter((l) => l[0] === ' ' || l[0] === '-').length;
    const newCount = body.filter((l) => l[0] === ' ' || l[0] === '+').length;
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(line);
    const oldStart = m ? Number(m[1]) : oldCount === 0 ? 0 : 1;
    const newStart = m ? Number(m[2]) : newCount === 0 ? 0 : 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${m ? m[3] : ''}`, ...body);
  }
  return out.join('\n') + '\n';
}

function isHeaderLine(line: string, next: string | undefined): boolean {
  if (line.startsWith('--- ')) return (next ?? '').startsWith('+++ ');
  return /^(diff --git |\+\+\+ |index |new file mode |deleted file mode |old mode |new mode |similarity index |rename from |rename to |Index: |={5,})/.test(line);
}

/** Strips git's a/ b/ prefixes when both sides use them (or the other side is /dev/null). */
function targetPaths(p: StructuredPatch): { oldPath?: string; newPath?: string } {
  const clean = (n: string | undefined) => (n === undefined || n.trim() === '' ? undefined : n.trim().replace(/^"(.*)"$/, '$1'));
  let oldPath = clean(p.oldFileName);
  let newPath = clean(p.newFileName);
  const isNull = (n?: string) => n === '/dev/null';
  const oldPrefixed = oldPath === undefined || isNull(oldPath) || oldPath.startsWith('a/');
  const newPrefixed = newPath === undefined || isNull(newPath) || newPath.startsWith('b/');
  if (oldPrefixed && newPrefixed && (oldPath?.startsWith('a/') || newPath?.startsWith('b/'))) {
    if (oldPath?.startsWith('a/')) oldPath = oldPath.slice(2);
    if (newPath?.startsWith('b/')) newPath = newPath.slice(2);
  }
  return { oldPath, newPath };
}

/**
 * The per-file patches of a `patch_file` candidate. A hunk-only diff (no ---/+++ headers)
 * targets the first path named in the step description, like the overwrite fallback.
 */
export function parsePatchCandidate(text: string, stepDescription: string): PatchParse {
  // A ```diff fence that never closes was cut off (the token limit): what is left of its last
  // hunk would still apply, hunk headers being recounted, so it must be refused here.
  if (DIFF_FENCE_OPEN.test(text) && !parseFencedBlocks(text).ok) {
    return { ok: false, reason: 'unterminated ```diff block: the output looks truncated' };
  }
  const raw = extractUnifiedDiff(text);
  if (raw === undefined) return { ok: false, reason: 'no unified diff in the candidate' };
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(normalizeUnifiedDiff(raw));
  } catch (e) {
    return { ok: false, reason: `malformed unified diff: ${(e as Error).message}` };
  }
  const patches: FilePatch[] = [];
  for (const p of parsed) {
    if (p.hunks.length === 0 && p.oldFileName === undefined && p.newFileName === undefined) continue;
    const { oldPath, newPath } = targetPaths(p);
    if (p.isBinary) return { ok: false, reason: `binary patch for ${newPath ?? oldPath ?? '?'} is not supported` };
    if (p.isRename || p.isCopy) return { ok: false, reason: `renames and copies are not supported (${oldPath} → ${newPath})` };
    if (p.hunks.length === 0) return { ok: false, reason: `diff for ${newPath ?? oldPath ?? '?'} has no hunks` };
    let op: FilePatch['op'] = 'modify';
    let path = newPath ?? oldPath;
    if (oldPath === '/dev/null') op = 'create';
    if (newPath === '/dev/null') {
      op = 'delete';
      path = oldPath;
    }
    if (op === 'modify' && oldPath && newPath && oldPath !== newPath) {
      return { ok: false, reason: `renames are not supported (${oldPath} → ${newPath})` };
    }
    if (path === undefined || path === '/dev/null') {
      path = firstPathToken(stepDescription);
      if (!path) return { ok: false, reason: 'the diff names no file and the step description names none either' };
    }
    patches.push({ path, op, patch: p });
  }
  if (patches.length === 0) return { ok: false, reason: 'the unified diff holds no hunks' };
  return { ok: true, patches };
}
