// File primitives for apply and rollback: read a text file, write one atomically (temp file
// in the same directory + rename, so a crash leaves either the old or the new bytes, never a
// torn file), delete one. Modes are kept so an executable script stays executable.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { nonTextReason } from './text';

/** Files above this are not edited as text: an LLM rewrite of them is never a tiny step. */
export const MAX_TEXT_FILE_BYTES = 8 * 1024 * 1024;

export type CurrentFile =
  | { exists: false }
  | { exists: true; bytes: Buffer; text: string; mode: number }
  | { exists: true; refused: string };

/** The current content of a file that the change set would edit. */
export async function readCurrent(abs: string): Promise<CurrentFile> {
  let bytes: Buffer;
  let mode: number;
  try {
    const st = await stat(abs);
    if (!st.isFile()) return { exists: true, refused: 'not a regular file' };
    if (st.size > MAX_TEXT_FILE_BYTES) return { exists: true, refused: `file too large to edit as text (${st.size} bytes)` };
    mode = st.mode & 0o7777;
    bytes = await readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw e;
  }
  const reason = nonTextReason(bytes);
  if (reason) return { exists: true, refused: reason };
  return { exists: true, bytes, text: bytes.toString('utf8'), mode };
}

/** Raw bytes, or null when the file does not exist (for apply/rollback's state checks). */
export async function readBytes(abs: string): Promise<Buffer | null> {
  try {
    return await readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const TEMP_MARK = '.mf-';
const TEMP_SUFFIX = '.tmp';

function tempNameFor(abs: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes `text` to `abs` atomically. `mode` (permission bits) is applied explicitly because
 * the umask would otherwise strip bits the original file had. Creates missing parent dirs.
 */
export async function writeAtomic(abs: string, text: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true });
  const tmp = tempNameFor(abs);
  const fh = await open(tmp, 'wx', mode ?? 0o666);
  try {
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, abs);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function removeIfExists(abs: string): Promise<void> {
  try {
    await unlink(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export async function chmodIfDifferent(abs: string, mode: number): Promise<void> {
  const st = await stat(abs);
  if ((st.mode & 0o7777) !== mode) await chmod(abs, mode);
}

/**
 * Deletes temp files that a killed apply/rollback left next to `abs` (their names carry our
 * mark), so a crash does not leave untracked junk that makes the repository look dirty.
 */
export async function removeStaleTemps(abs: string): Promise<void> {
  const dir = path.dirname(abs);
  const prefix = `.${path.basename(abs)}${TEMP_MARK}`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX)) await unlink(path.join(dir, n)).catch(() => undefined);
  }
}

/**
 * After deleting a created file, removes the directories that are now empty, up to (not
 * including) `stopAt`. The change set does not record which directories apply created, so an
 * empty directory that existed before would go too; git does not track empty directories.
 */
export async function removeEmptyParents(abs: string, stopAt: string): Promise<void> {
  let dir = path.dirname(abs);
  while (dir !== stopAt && dir.startsWith(stopAt + path.sep)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}
