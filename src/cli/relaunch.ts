// `ganimate serve` runs as a child of itself with glibc's malloc tuned, a setting a process reads only when it
// starts. glibc keeps freed blocks in its heaps unless they are mapped on their own; with blocks from 256 kB mapped,
// they go back to the system when freed. Measured in-process after a 24- and a 16-megapixel edit: +45 MB over the
// start with the setting, against +160 without (WebAssembly's growth included in both).
// The child is in its own process group: a terminal's Ctrl-C reaches only the parent, which passes each signal on
// once and ends with the child's exit code. This module is the only one the parent loads (bin/ganimate.js).
import { spawn } from 'node:child_process';

const RELAUNCHED = 'GANIMATE_RELAUNCHED';
export const MALLOC_TUNING = { MALLOC_MMAP_THRESHOLD_: '262144', MALLOC_TRIM_THRESHOLD_: '262144' };

/** Whether these arguments ask for the server in a process that still has glibc's default malloc settings (a user's
 * own MALLOC_MMAP_THRESHOLD_ is kept). */
export function needsMallocTuning(args: readonly string[], env = process.env): boolean {
  return (
    args[0] === 'serve' &&
    process.platform === 'linux' &&
    env[RELAUNCHED] !== '1' &&
    env.MALLOC_MMAP_THRESHOLD_ === undefined
  );
}

/** Runs process.argv again with `env` added; resolves with its exit code (128 + the signal's number when a signal
 * ended it). */
export function relaunch(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...env, [RELAUNCHED]: '1' },
    detached: true,
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (s: NodeJS.Signals) => child.kill(s);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (numbers[signal ?? ''] ?? 0));
    });
  });
}
