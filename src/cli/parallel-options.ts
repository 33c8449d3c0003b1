// The data-parallel flags every training command takes (--nproc, --dist-url, --rank, --world-size,
// --dist-timeout), read into either a launch of local ranks or this process's place in a group.
import { fileURLToPath } from 'node:url';
import { GanimateError } from '../errors.js';
import { parseDistUrl } from '../torch/dist-url.js';
import type { ParallelOptions } from '../train/data-parallel.js';
import type { CommandResult, OptionSpec } from './command.js';
import { type LaunchPlan, threadsPerRank } from './launch-ranks.js';
import { number } from './number-option.js';

export const PARALLEL_OPTIONS: Record<string, OptionSpec> = {
  nproc: {
    type: 'string',
    help: "data-parallel: run N processes (ranks) on this machine, each with its part of every batch and the cores shared out; gradients are averaged with libtorch's c10d (Gloo)",
  },
  'dist-url': {
    type: 'string',
    help: "data-parallel across machines: tcp://HOST:PORT of rank 0's machine (a free port there); with --rank and --world-size",
  },
  rank: {
    type: 'string',
    help: "data-parallel: this process's rank, 0 … world size − 1 (rank 0 writes the run folder); with --nproc, the first local rank",
  },
  'world-size': { type: 'string', help: 'data-parallel: the number of ranks over all machines' },
  'dist-timeout': {
    type: 'string',
    help: 'data-parallel: seconds a rank waits for the others (joining, and each exchange) before it fails',
    default: '120',
  },
};

/** A training command's data-parallel flags: a launcher of local ranks (--nproc), one rank (--dist-url), or none. */
export function parallelOf(
  v: Record<string, string | boolean | undefined>,
): { launch?: LaunchPlan; rank?: ParallelOptions } | undefined {
  const timeoutMs = number(v['dist-timeout'] ?? '120', 'dist-timeout', 1, 86400) * 1000;
  const nproc = v.nproc === undefined ? undefined : number(v.nproc, 'nproc', 1, 1024);
  const url = v['dist-url'] as string | undefined;
  if (url !== undefined) parseDistUrl(url);
  const rank = v.rank === undefined ? undefined : number(v.rank, 'rank', 0, 1e6);
  const worldSize = v['world-size'] === undefined ? undefined : number(v['world-size'], 'world-size', 1, 1e6);
  if (nproc === undefined && url === undefined) {
    if (rank !== undefined || worldSize !== undefined)
      throw new GanimateError(
        '--rank and --world-size belong to a data-parallel run: give --dist-url tcp://HOST:PORT too (or --nproc N on one machine)',
      );
    return undefined;
  }
  if (nproc !== undefined) {
    const world = worldSize ?? nproc;
    const first = rank ?? 0;
    if (url === undefined && world !== nproc)
      throw new GanimateError(
        `--world-size ${world} spans machines: give --dist-url tcp://HOST:PORT of rank 0's machine too`,
      );
    if (first + nproc > world)
      throw new GanimateError(
        `ranks ${first}–${first + nproc - 1} do not fit a world of ${world}: check --rank, --nproc and --world-size`,
      );
    const args = Object.entries(v).flatMap(([k, x]) =>
      k === 'nproc' || k === 'help' || x === undefined || x === false
        ? []
        : x === true
          ? [`--${k}`]
          : [`--${k}`, String(x)],
    );
    return {
      launch: {
        args,
        nproc,
        firstRank: first,
        worldSize: world,
        url: url ?? '',
        threads: v.threads !== undefined ? number(v.threads, 'threads', 1, 1024) : threadsPerRank(nproc),
      },
    };
  }
  if (rank === undefined || worldSize === undefined)
    throw new GanimateError(
      '--dist-url needs --rank R and --world-size W (every rank of the run gives the same URL and world size)',
    );
  if (rank >= worldSize) throw new GanimateError(`--rank ${rank} must be below --world-size ${worldSize}`);
  return { rank: { url: url!, rank, worldSize, timeoutMs } };
}

/** Runs the local ranks of `command` (each `ganimate <command> …` with its rank); the result carries their exit
 * code. */
export async function launchLocalRanks(command: string, plan: LaunchPlan): Promise<CommandResult> {
  const { freePort, launchRanks } = await import('./launch-ranks.js');
  if (!plan.url) plan.url = `tcp://127.0.0.1:${await freePort()}`;
  const entry = fileURLToPath(new URL('../../../bin/ganimate.js', import.meta.url));
  const code = await launchRanks(command, plan, entry, (l) => process.stderr.write(`${l}\n`));
  return {
    text: code === 0 ? `all ${plan.nproc} ranks finished` : `a rank failed (exit code ${code})`,
    json: { ranks: plan.nproc, exitCode: code },
    exitCode: code,
  };
}

/** What a rank other than 0 answers (it writes nothing and has nothing to say), or undefined on rank 0 and alone. */
export function otherRankResult(
  parallel: { rank?: ParallelOptions } | undefined,
  r: { iteration: number; finished: boolean },
): CommandResult | undefined {
  if (!parallel?.rank || parallel.rank.rank === 0) return undefined;
  return { text: '', json: { rank: parallel.rank.rank, iteration: r.iteration, finished: r.finished } };
}

/** --stop-after N as a training control. */
export function stopAfterOf(v: Record<string, string | boolean | undefined>): { stopAfter?: number } {
  return v['stop-after'] !== undefined ? { stopAfter: number(v['stop-after'], 'stop-after', 1, 1e9) } : {};
}
