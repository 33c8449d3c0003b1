// What a folder batch will read and write, decided before any work: only regular files are read (a
// named pipe would block forever), no two inputs write one output, no input is written over unless
// asked, and temporary files that an interrupted earlier run left in the output folder are removed.
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GanimateError } from '../errors.js';

export interface BatchPlan {
  /** Input file name → output path. */
  jobs: { file: string; out: string }[];
  /** Inputs that are not read, with why. */
  skipped: { file: string; reason: string }[];
  /** Inputs whose output name keeps their extension because another input would take the plain one. */
  renamed: { file: string; out: string }[];
  /** Stale temporary files removed from the output folder. */
  removedTemps: string[];
}

/** Formats written as PNG (the encoder writes JPEG, PNG and WebP). */
const AS_PNG = /\.(gif|tiff?|avif)$/i;

export function planBatch(
  inputDir: string,
  files: readonly string[],
  outDir: string,
  o: { overwrite?: boolean } = {},
): BatchPlan {
  const skipped: BatchPlan['skipped'] = [];
  const readable = files.filter((f) => {
    const st = lstatSync(join(inputDir, f), { throwIfNoEntry: false });
    if (st?.isFile()) return true;
    skipped.push({
      file: f,
      reason: st?.isSymbolicLink()
        ? 'a symbolic link (not followed)'
        : 'not a regular file (a folder, pipe, socket or device)',
    });
    return false;
  });
  const plain = (f: string) => f.replace(AS_PNG, '.png');
  const taken = new Map<string, number>();
  for (const f of readable) taken.set(plain(f), (taken.get(plain(f)) ?? 0) + 1);
  const renamed: BatchPlan['renamed'] = [];
  const jobs = readable.map((f) => {
    let name = plain(f);
    if (taken.get(name)! > 1 && name !== f) {
      name = `${f}.png`;
      renamed.push({ file: f, out: join(outDir, name) });
    }
    return { file: f, out: join(outDir, name) };
  });
  if (!o.overwrite) {
    const inputs = new Set(readable.map((f) => resolve(inputDir, f)));
    const own = jobs.filter((j) => inputs.has(resolve(j.out)));
    if (own.length)
      throw new GanimateError(
        `the outputs would write over ${own.length} input photo${own.length > 1 ? 's' : ''} (${own[0]!.file}…); choose another -o folder, or pass --overwrite`,
      );
  }
  return { jobs, skipped, renamed, removedTemps: removeStaleTemps(outDir) };
}

/** `*.tmp-<pid>` files of processes that no longer run (atomic writes cut by a kill). */
export function removeStaleTemps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const f of readdirSync(dir)) {
    const pid = Number(/\.tmp-(\d+)$/.exec(f)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, f), { force: true });
    removed.push(f);
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
