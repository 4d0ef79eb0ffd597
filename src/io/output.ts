// Safe output writing for `emit` and `wts-random`: the target path is checked
// before anything is written (never a device, FIFO or socket replaced, never a
// symbolic link followed out of the target, a file where a folder is needed
// named as such), and everything is written under a temporary name beside the
// target and renamed into place at the end, so that a failure (a full disk
// included) leaves nothing behind.
import { accessSync, constants, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Why a path cannot be written; `path` is the component at fault. */
export interface OutputProblem {
  path: string;
  reason: string;
}

/** The file-system calls that write, replaceable in tests (e.g. to simulate a full disk). */
export interface WriteIO {
  writeFile(path: string, text: string): void;
}

export const FS_IO: WriteIO = { writeFile: (p, t) => writeFileSync(p, t) };

const lstat = (p: string): Stats | undefined => {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") return undefined; // reported at the ancestor that is not a folder
    throw e;
  }
};

/** What a non-regular path is, in words ("a folder", "a device", ...). */
export const fileKind = (s: Stats): string =>
  s.isSymbolicLink()
    ? "a symbolic link"
    : s.isDirectory()
      ? "a folder"
      : s.isFile()
        ? "a file"
        : s.isCharacterDevice() || s.isBlockDevice()
          ? "a device"
          : s.isFIFO()
            ? "a FIFO"
            : s.isSocket()
              ? "a socket"
              : "not a regular file";

const NO_LINKS = "trtgen does not follow symbolic links when writing";

/** `path` must be a folder or absent, and not a link. */
function checkFolder(path: string): OutputProblem | undefined {
  const s = lstat(path);
  if (s === undefined || s.isDirectory()) return undefined;
  if (s.isSymbolicLink()) return { path, reason: `it is a symbolic link; ${NO_LINKS}` };
  return { path, reason: `a folder is needed but it is ${fileKind(s)}` };
}

/** `path` must be a regular file or absent, and not a link. */
function checkFile(path: string): OutputProblem | undefined {
  const s = lstat(path);
  if (s === undefined || s.isFile()) return undefined;
  if (s.isSymbolicLink()) return { path, reason: `it is a symbolic link; ${NO_LINKS}` };
  return { path, reason: `a file is needed but it is ${fileKind(s)}` };
}

/** The nearest ancestor of `path` (or `path` itself) that exists. */
function existingAncestor(path: string): string {
  let p = resolve(path);
  while (lstat(p) === undefined && dirname(p) !== p) p = dirname(p);
  return p;
}

/** The folder that will hold `path` must exist as a folder (or be creatable) and be writable. */
function checkParent(path: string): OutputProblem | undefined {
  const anc = existingAncestor(dirname(resolve(path)));
  const s = lstat(anc)!;
  if (!s.isDirectory()) return { path: anc, reason: `a folder is needed but it is ${fileKind(s)}` };
  return checkWritable(anc);
}

/** The existing folder `path` must be writable. */
function checkWritable(path: string): OutputProblem | undefined {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return { path, reason: "the folder is not writable" };
  }
  return undefined;
}

/** Problems with writing the single file `path` (e.g. a .wts) into an existing folder, before anything is written. */
export function checkOutputFile(path: string): OutputProblem | undefined {
  const problem = checkFile(path) ?? checkParent(path);
  if (problem) return problem;
  const folder = dirname(resolve(path));
  return lstat(folder) === undefined ? { path: dirname(path), reason: "no such folder" } : undefined;
}

/** Problems with writing `files` (relative paths) into the folder `dir`, before anything is written. */
export function checkOutputFolder(dir: string, files: Iterable<string>): OutputProblem | undefined {
  const top = checkFolder(dir);
  if (top) return top;
  if (lstat(dir) === undefined) return checkParent(dir);
  const checked = new Set<string>();
  for (const rel of files) {
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const sub = join(dir, ...parts.slice(0, i));
      if (checked.has(sub)) continue;
      checked.add(sub);
      const p = checkFolder(sub);
      if (p) return p;
    }
    const p = checkFile(join(dir, rel));
    if (p) return p;
  }
  return checkWritable(dir);
}

/** A file-system error as words for a diagnostic. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    default:
      return err.message ?? String(e);
  }
}

/** A name beside `path` for writing it before the rename. */
export const tempBeside = (path: string): string => join(dirname(path), `.${basename(path)}.trtgen-tmp-${process.pid}`);

/**
 * Writes `files` (relative path → text) into `dir`: those in `changed` are written
 * into a temporary folder (beside `dir` when it does not exist yet, else inside
 * it), then renamed into place. Throws after removing everything it created.
 * Call checkOutputFolder first.
 */
export function writeFilesAtomically(dir: string, files: Map<string, string>, changed: readonly string[], io: WriteIO = FS_IO): void {
  const fresh = lstat(dir) === undefined;
  // parents of a new folder are created first and removed again on failure
  const firstMissing = fresh ? topMissing(dir) : undefined;
  const staging = fresh ? tempBeside(dir) : join(dir, `.trtgen-tmp-${process.pid}`);
  try {
    mkdirSync(dirname(resolve(dir)), { recursive: true });
    rmSync(staging, { recursive: true, force: true }); // a stale one of an earlier process with this id
    mkdirSync(staging);
    for (const rel of changed) {
      const p = join(staging, rel);
      mkdirSync(dirname(p), { recursive: true });
      io.writeFile(p, files.get(rel)!);
    }
    if (fresh) renameSync(staging, dir);
    else {
      for (const rel of changed) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        renameSync(join(staging, rel), join(dir, rel));
      }
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (firstMissing !== undefined && firstMissing !== resolve(dir)) rmSync(firstMissing, { recursive: true, force: true });
    throw e;
  }
}

/** The outermost ancestor of `path` (or itself) that does not exist. */
function topMissing(path: string): string {
  let p = resolve(path);
  while (lstat(dirname(p)) === undefined && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Writes one file: under a temporary name beside it, then renamed into place, so that a
 * failure leaves the old file (or none) behind. Throws after removing the temporary file.
 * Call checkOutputFile first.
 */
export function writeFileAtomically(path: string, text: string, io: WriteIO = FS_IO): void {
  const tmp = tempBeside(path);
  try {
    rmSync(tmp, { force: true }); // a stale one of an earlier process with this id
    io.writeFile(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
