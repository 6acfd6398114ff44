// Turns a candidate into a ChangeSet without writing anything: parse (candidate.ts /
// unifiedDiff.ts / searchReplace.ts), confine every path (paths.ts), read the current files,
// compute the new contents, then enforce step_granularity. Any refusal is a reason string that
// the engine turns into a red flag on that candidate.
import { applyPatch } from 'diff';
import type { PlanResult } from '../engine/ports';
import type { ChangeSet, FileChange } from '../engine/model';
import type { DomainConfig } from '../engine/config';
import { parseOverwriteCandidate } from './candidate';
import { parsePatchCandidate } from './unifiedDiff';
import { parseEditAnswer, type FileEdit } from './searchReplace';
import { applySearchReplace } from './searchReplaceApply';
import { isLongFile, SEARCH_REPLACE_FROM_CHARS, SEARCH_REPLACE_FROM_LINES } from '../engine/editFormat';
import type { FilePatch } from './unifiedDiff';
import { resolveInRepo } from './paths';
import { readCurrent } from './files';
import { conformToOriginal, isPureCrlf, nonTextContentReason, toCrlf } from './text';
import { granularityViolation } from './granularity';

export type PlanOptions = Pick<DomainConfig, 'applier' | 'stepGranularity'>;

/**
 * Fuzz for context lines that do not match exactly (see applyPatch's docs: removed lines and
 * the context right next to an insertion must still match). Small, because the verifier is
 * the only other check that a hunk landed in the right place.
 */
export const PATCH_FUZZ_FACTOR = 2;

type Draft = { path: string; before: string | null; after: string | null; mode?: number };

async function loadTarget(realRoot: string, rawPath: string): Promise<{ ok: true; rel: string; before: string | null; mode?: number } | { ok: false; reason: string }> {
  const resolved = await resolveInRepo(realRoot, rawPath);
  if (!resolved.ok) return resolved;
  const cur = await readCurrent(resolved.abs);
  if (!cur.exists) return { ok: true, rel: resolved.rel, before: null };
  if ('refused' in cur) return { ok: false, reason: `'${resolved.rel}' cannot be edited: ${cur.refused}` };
  return { ok: true, rel: resolved.rel, before: cur.text, mode: cur.mode };
}

type Drafts = { ok: true; drafts: Draft[] } | { ok: false; reason: string };

async function overwriteDrafts(realRoot: string, text: string, description: string): Promise<Drafts> {
  const parsed = parseOverwriteCandidate(text, description);
  if (!parsed.ok) return parsed;
  return editDrafts(realRoot, parsed.files.map((f) => ({ ...f, kind: 'whole' as const })), () => null);
}

/**
 * `search_replace` and `auto`: SEARCH/REPLACE blocks for any file; whole files only where the
 * applier allows them (new files; for `auto` also files below the long-file size). An answer with
 * neither <file> tags nor blocks falls back like overwrite_file (first fence, description path).
 */
async function searchReplaceDrafts(realRoot: string, applier: 'search_replace' | 'auto', text: string, description: string): Promise<Drafts> {
  const parsed = parseEditAnswer(text, description);
  if (!parsed.ok) return parsed;
  let edits: FileEdit[] = parsed.edits;
  if (edits.length === 0) {
    if (applier === 'search_replace') return { ok: false, reason: 'no SEARCH/REPLACE blocks in the candidate' };
    const fallback = parseOverwriteCandidate(text, description);
    if (!fallback.ok) return fallback;
    edits = fallback.files.map((f) => ({ ...f, kind: 'whole' as const }));
  }
  return editDrafts(realRoot, edits, (rel, before) => {
    if (before === null) return null;
    if (applier === 'search_replace') return `'${rel}' exists, and the applier is search_replace: edit it with SEARCH/REPLACE blocks, not a whole file`;
    if (!isLongFile(before)) return null;
    return `'${rel}' is a long file (${before.split('\n').length} lines, ${before.length} characters; from ${SEARCH_REPLACE_FROM_LINES} lines or ${SEARCH_REPLACE_FROM_CHARS} characters on): edit it with SEARCH/REPLACE blocks, not a whole file`;
  });
}

/**
 * Applies edits in answer order, each to what the earlier ones left of its file. `refuseWhole`
 * says why a whole-file edit of an existing file is not allowed (null: it is). A file written
 * whole twice must get the same content both times: two different versions are ambiguous.
 */
async function editDrafts(realRoot: string, edits: FileEdit[], refuseWhole: (rel: string, before: string | null) => string | null): Promise<Drafts> {
  const drafts: Draft[] = [];
  for (const edit of edits) {
    const target = await loadTarget(realRoot, edit.path);
    if (!target.ok) return target;
    const prior = drafts.find((d) => d.path === target.rel);
    let after: string | null;
    if (edit.kind === 'whole') {
      const refused = refuseWhole(target.rel, target.before);
      if (refused) return { ok: false, reason: refused };
      after = conformToOriginal(edit.content, target.before);
      if (prior && prior.after !== after) return { ok: false, reason: `'${target.rel}' is written by more than one <file> block, with different content` };
    } else {
      const r = applySearchReplace(target.rel, prior ? prior.after : target.before, edit.blocks);
      if (!r.ok) return r;
      after = r.after;
    }
    if (prior) prior.after = after;
    else drafts.push({ path: target.rel, before: target.before, after, mode: target.mode });
  }
  return { ok: true, drafts };
}

/** Applies one file's patch to `before` (null: the file does not exist yet). */
function patchOne(rel: string, before: string | null, fp: FilePatch): { ok: true; after: string | null } | { ok: false; reason: string } {
  if (fp.op === 'create' && before !== null) return { ok: false, reason: `diff creates '${rel}', which already exists` };
  if (fp.op !== 'create' && before === null) return { ok: false, reason: `diff edits '${rel}', which does not exist` };
  if (fp.op === 'delete') return { ok: true, after: null };
  const source = before ?? '';
  const options = {
    fuzzFactor: PATCH_FUZZ_FACTOR,
    // Trailing whitespace is what models most often get wrong in a copied line. (`line` is
    // undefined when the search runs past the end of the file.)
    compareLine: (_n: number, line: string | undefined, _op: string, patchContent: string) =>
      line === patchContent || (line !== undefined && line.trimEnd() === patchContent.trimEnd()),
  };
  const result = applyPatch(source, fp.patch, options);
  if (result === false) {
    // Name the first hunk that fits nowhere on its own, so the red flag says what is wrong.
    const hunk = fp.patch.hunks.find((h) => applyPatch(source, { ...fp.patch, hunks: [h] }, options) === false);
    const where = hunk ? ` (hunk @@ -${hunk.oldStart},${hunk.oldLines} @@ does not match the file)` : '';
    return { ok: false, reason: `patch does not apply to '${rel}'${where}` };
  }
  // applyPatch converts an LF patch for a pure-CRLF file; make sure no LF slipped through.
  return { ok: true, after: before !== null && isPureCrlf(before) ? toCrlf(result) : result };
}

async function patchDrafts(realRoot: string, text: string, description: string): Promise<Drafts> {
  const parsed = parsePatchCandidate(text, description);
  if (!parsed.ok) return parsed;
  const drafts: Draft[] = [];
  for (const fp of parsed.patches) {
    const target = await loadTarget(realRoot, fp.path);
    if (!target.ok) return target;
    // Several diffs for one file apply in sequence to the evolving content.
    const prior = drafts.find((d) => d.path === target.rel);
    const current = prior ? prior.after : target.before;
    const step = patchOne(target.rel, current, fp);
    if (!step.ok) return step;
    if (prior) prior.after = step.after;
    else drafts.push({ path: target.rel, before: target.before, after: step.after, mode: target.mode });
  }
  return { ok: true, drafts };
}

/** Plans a candidate against the repository at `realRoot` (already realpath'd). Writes nothing. */
export async function planChangeSet(realRoot: string, opts: PlanOptions, candidateText: string, stepDescription: string): Promise<PlanResult> {
  if (opts.applier === 'none') return { ok: true, changeSet: { applier: 'none', files: [], applied: false } };
  let drafts: Draft[];
  try {
    const a = opts.applier;
    const r = a === 'patch_file'
      ? await patchDrafts(realRoot, candidateText, stepDescription)
      : a === 'search_replace' || a === 'auto'
        ? await searchReplaceDrafts(realRoot, a, candidateText, stepDescription)
        : await overwriteDrafts(realRoot, candidateText, stepDescription);
    if (!r.ok) return r;
    drafts = r.drafts;
  } catch (e) {
    // An fs error while reading (EACCES, ELOOP…) is the candidate's target being unusable.
    return { ok: false, reason: `cannot plan the change: ${(e as Error).message}` };
  }
  const files: FileChange[] = [];
  for (const d of drafts) {
    if (d.after !== null) {
      const bad = nonTextContentReason(d.after);
      if (bad) return { ok: false, reason: `'${d.path}': ${bad}` };
    }
    if (d.after === d.before) continue; // unchanged files are not part of the change
    const change: FileChange = { path: d.path, before: d.before, after: d.after };
    if (d.mode !== undefined) change.mode = d.mode;
    files.push(change);
  }
  const violation = granularityViolation(files, opts.stepGranularity);
  if (violation) return { ok: false, reason: violation };
  const changeSet: ChangeSet = { applier: opts.applier, files, applied: false };
  return { ok: true, changeSet };
}
