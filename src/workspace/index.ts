// Public surface of the workspace adapter (implements the engine's Workspace and SyntaxChecker ports).
export { createWorkspace, DirtyWorkspaceError } from './workspace';
export type { CreateWorkspaceOptions, RepoWorkspace } from './workspace';
export { planChangeSet, PATCH_FUZZ_FACTOR } from './planner';
export type { PlanOptions } from './planner';
export { applyChangeSet, rollbackChangeSet, inspectChangeSet, WorkspaceError, WorkspaceConflictError } from './apply';
export type { ChangeSetState, FileState } from './apply';
export { runVerifier, HeadTailBuffer, OUTPUT_HEAD_BYTES, OUTPUT_TAIL_BYTES } from './verifier';
export type { RunVerifierOptions } from './verifier';
export { isDirty, dirtyEntries, blockingDirtyEntries, isOwnConfigEntry, stashAll, commitPaths, gitTopLevel, GitError } from './git';
export { parseFileBlocks, parseFencedBlocks, parseOverwriteCandidate, firstPathToken } from './candidate';
export type { FileBlock, FencedBlock, OverwriteParse } from './candidate';
export { extractUnifiedDiff, normalizeUnifiedDiff, parsePatchCandidate } from './unifiedDiff';
export type { FilePatch, PatchParse } from './unifiedDiff';
export { resolveInRepo, normalizeCandidatePath } from './paths';
export { linesChanged, granularityViolation } from './granularity';
export { createTreeSitterChecker, TreeSitterChecker, locateTreeSitterWasm } from './treeSitter';
export type { TreeSitterPaths } from './treeSitter';
export { normalizeLanguage, languageForPath, GRAMMAR_FILES } from '../engine/languages';
