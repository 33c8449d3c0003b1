// Shared bits of the benchmarks: arguments, timing, progress on stderr (stdout is the JSON line).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function benchArgs(): { threads: number; reps: number; sharedDir: string } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const sharedDir = process.env.GANIMATE_SHARED ?? resolve(root, '..', 'shared');
  if (!existsSync(join(sharedDir, 'reference'))) throw new Error(`${sharedDir}/reference is missing: put shared/ beside the checkout or set GANIMATE_SHARED`);
  return { threads: Number(process.env.BENCH_THREADS ?? 2), reps: Number(process.env.BENCH_REPS ?? 3), sharedDir };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
