// `ganimate train --nproc N` (and train-geogan): N ranks of one data-parallel run on this machine, each a child process
// with its share of the cores. The children are in their own process groups: a terminal's Ctrl-C reaches
// the parent, which passes it to every rank once (they agree to stop after the same step and rank 0
// checkpoints). When a rank fails, the others are stopped too and the launcher ends with its exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { freePort } from '../io/free-port.js';

export { freePort };

export interface LaunchPlan {
  /** The train command's own arguments, without --nproc. */
  args: string[];
  nproc: number;
  /** Rank of the first local process (0 on a single machine). */
  firstRank: number;
  worldSize: number;
  /** tcp://HOST:PORT; a free loopback port when not given. */
  url: string;
  /** Engine threads per rank. */
  threads: number;
}

/** Removes an option (and its value) from an argument list: `--name value` or `--name=value`. */
export function withoutOption(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) i++;
    else if (!args[i]!.startsWith(`--${name}=`)) out.push(args[i]!);
  }
  return out;
}

/** Threads for each of n ranks on this machine: the cores shared out, at least one each. */
export const threadsPerRank = (n: number, cores = availableParallelism()): number => Math.max(1, Math.floor(cores / n));

/** The command line of local rank i (with `--device cuda`, its own GPU: cuda:i). */
export function rankArgs(p: LaunchPlan, i: number): string[] {
  let args = p.args;
  for (const o of ['dist-url', 'rank', 'world-size', 'threads']) args = withoutOption(args, o);
  const d = args.indexOf('--device');
  if (d >= 0 && args[d + 1] === 'cuda') args = [...args.slice(0, d + 1), `cuda:${i}`, ...args.slice(d + 2)];
  return [
    ...args,
    '--dist-url',
    p.url,
    '--rank',
    String(p.firstRank + i),
    '--world-size',
    String(p.worldSize),
    '--threads',
    String(p.threads),
  ];
}

/** Runs the ranks; resolves with 0 when all finished cleanly, else the first failing rank's exit code. */
export function launchRanks(command: string, p: LaunchPlan, entry: string, log: (l: string) => void): Promise<number> {
  const children: ChildProcess[] = [];
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (s: NodeJS.Signals) => {
    for (const c of children) if (c.exitCode === null) c.kill(s);
  };
  for (const s of signals) process.on(s, forward);
  log(
    `ganimate: ${p.nproc} ranks (${p.firstRank}–${p.firstRank + p.nproc - 1} of ${p.worldSize}) at ${p.url}, ${p.threads} thread${p.threads > 1 ? 's' : ''} each`,
  );
  return new Promise((resolve) => {
    let failed: number | undefined;
    let running = p.nproc;
    let killTimer: NodeJS.Timeout | undefined;
    for (let i = 0; i < p.nproc; i++) {
      const child = spawn(process.execPath, [...process.execArgv, entry, command, ...rankArgs(p, i)], {
        stdio: 'inherit',
        detached: true,
      });
      children.push(child);
      child.once('exit', (code, signal) => {
        const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
        const rc = code ?? 128 + (numbers[signal ?? ''] ?? 0);
        if (rc !== 0 && failed === undefined) {
          failed = rc;
          log(
            `ganimate: rank ${p.firstRank + i} ended with exit code ${rc}${signal ? ` (${signal})` : ''}; stopping the other ranks`,
          );
          // the others fail on their next collective; any still waiting after 10 s are ended
          killTimer = setTimeout(() => {
            for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
          }, 10_000);
          killTimer.unref();
        }
        if (--running === 0) {
          for (const s of signals) process.off(s, forward);
          if (killTimer) clearTimeout(killTimer);
          resolve(failed ?? 0);
        }
      });
    }
  });
}
