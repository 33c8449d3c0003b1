import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { GanimateError } from '../errors.js';

/** An output path that cannot be written: a missing folder, a folder in the file's place, no permission. */
export class OutputPathError extends GanimateError {}

/** Throws OutputPathError when `path` cannot take a new file (checked before any work is written). */
export function checkWritable(path: string): void {
  const folder = dirname(path);
  const kind = (p: string) => {
    try {
      return statSync(p).isDirectory() ? 'folder' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(folder) === 'missing')
    throw new OutputPathError(
      `cannot write ${path}: the folder ${folder} does not exist; create it first (mkdir -p ${folder}) or choose another output`,
    );
  if (kind(folder) === 'file') throw new OutputPathError(`cannot write ${path}: ${folder} is a file, not a folder`);
  if (kind(path) === 'folder')
    throw new OutputPathError(
      `cannot write ${path}: it is a folder; give a file name inside it (e.g. ${path.replace(/\/$/, '')}/out.png)`,
    );
}

/** Atomic write: a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  checkWritable(path);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new OutputPathError(
        `cannot write ${path}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}; choose another output`,
      );
    throw e;
  }
}
