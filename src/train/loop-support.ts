// Plumbing every training loop shares: the options they all take, Ctrl-C that stops after the
// current step, a JSONL statistics file that stays consistent with the checkpoint a run resumes
// from, sample file names, and the end of a run (last checkpoint, then results or how to resume).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';

/** Options every training loop takes. */
export interface LoopOptions {
  seed: number;
  threads: number;
  device: string;
  logEvery: number;
  sampleEvery: number;
  checkpointEvery: number;
}

export interface TrainRun {
  runDir: string;
  iteration: number;
  total: number;
  finished: boolean;
}

/** A run's sample grid for an iteration. */
export const samplePath = (runDir: string, iteration: number): string =>
  join(runDir, 'samples', `iter-${String(iteration).padStart(7, '0')}.png`);

/** Ends a loop: a last checkpoint, then the finished run's outputs (a line to log) or how to resume it. */
export async function endRun(r: {
  runDir: string;
  iteration: number;
  total: number;
  checkpoint: () => void;
  resumeCommand: string;
  log: (l: string) => void;
  onFinished: () => string | Promise<string>;
}): Promise<TrainRun> {
  r.checkpoint();
  const finished = r.iteration >= r.total;
  r.log(
    finished
      ? await r.onFinished()
      : `stopped at iteration ${r.iteration} of ${r.total}; continue with: ${r.resumeCommand} --resume ${r.runDir}`,
  );
  return { runDir: r.runDir, iteration: r.iteration, total: r.total, finished };
}

/** First Ctrl-C: finish the step, checkpoint, stop. Second: quit at once. */
export function interruptible(log: (l: string) => void): { readonly stop: boolean; request(): void; dispose(): void } {
  const state = {
    stop: false,
    request() {
      state.stop = true;
    },
    dispose() {
      process.off('SIGINT', onSigint);
    },
  };
  const onSigint = () => {
    if (state.stop) process.exit(130);
    state.stop = true;
    log('\nstopping after this step and saving a checkpoint (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  return state;
}

export class StatsFile {
  constructor(readonly path: string) {}

  append(line: Record<string, unknown>): void {
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }

  /** Drops entries after `iteration`: they belong to iterations a resumed run is about to redo. */
  truncateAfter(iteration: number): void {
    if (!existsSync(this.path)) return;
    const kept = readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l && (JSON.parse(l) as { iteration: number }).iteration <= iteration);
    writeFileAtomic(this.path, Buffer.from(kept.map((l) => `${l}\n`).join('')));
  }
}
