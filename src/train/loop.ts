// The one training loop every model runs through (GANimation, GeoGAN, the AU estimator). A model brings
// its modules and optimisers, a loader, and what one iteration does; the loop does the rest the same way
// for all: resume from the latest checkpoint (weights, Adam states, RNG, loader position), Ctrl-C that
// stops after the current step, a progress bar, statistics lines at the logging cadence (loss terms
// averaged over data-parallel ranks), sample images, atomic checkpoints, and the end of the run. With
// several ranks, rank 0 alone writes, and all ranks stop after the same step.
import { join } from 'node:path';
import type { LoaderPosition } from '../data/batch-loader.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { Progress } from '../io/progress.js';
import type { Adam, Module } from '../nn/index.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { DataParallel } from './data-parallel.js';
import { endRun, interruptible, samplePath, StatsFile, type TrainRun } from './loop-support.js';

export interface Loader<B> {
  next(): Promise<B>;
  seek(p: LoaderPosition): void;
  readonly position: LoaderPosition;
}

/** What one iteration reports: loss terms (numbers, averaged over ranks when logged) and other values logged as
 * they are on rank 0 (histograms, learning rates). */
export interface StepReport {
  terms: Record<string, number>;
  extras?: Record<string, unknown>;
}

export interface LoopModel<B> {
  /** The command that trains it, for the resume hint ('ganimate train'). */
  command: string;
  /** Everything a checkpoint holds, by file name. */
  modules: Record<string, Module>;
  optimizers: Record<string, Adam>;
  loader: Loader<B>;
  total: number;
  batchesPerEpoch: number;
  logEvery: number;
  checkpointEvery: number;
  /** Before iteration 0 of a fresh run (warm-ups), with the loop's Ctrl-C already in place: false = interrupted,
   * nothing saved. */
  warmUp?(stopRequested: () => boolean, log: (l: string) => void): Promise<boolean>;
  /** One iteration on one batch (this rank's part of it). */
  step(batch: B, iteration: number): StepReport;
  /** Images this rank trained on in that iteration (for images/s). */
  imagesIn(batch: B): number;
  /** A sample image of the run so far, every `sampleEvery` iterations (rank 0). */
  sampleEvery: number;
  sample?(): Promise<Uint8Array>;
  /** The finished run's outputs (rank 0); returns the line to log. */
  finish(runDir: string): string | Promise<string>;
}

export interface LoopControl {
  /** The run folder (made by the caller on rank 0; '' on other ranks of a fresh run). */
  runDir: string;
  /** Continue runDir from its latest checkpoint. */
  resume: boolean;
  /** Stop (with a checkpoint) after this many iterations in this call, as Ctrl-C would. */
  stopAfter?: number;
  dp?: DataParallel;
  /** Rank 0's log (the loop passes it on only there). */
  log: (line: string) => void;
}

/** The cadence fields of a model, from options that name them as every loop's options do. */
export const cadenceOf = (o: { logEvery: number; checkpointEvery: number; sampleEvery: number }) => ({
  logEvery: o.logEvery,
  checkpointEvery: o.checkpointEvery,
  sampleEvery: o.sampleEvery,
});

export async function runLoop<B>(m: LoopModel<B>, c: LoopControl): Promise<TrainRun> {
  const { runDir, dp } = c;
  const main = !dp || dp.isMain;
  const log = main ? c.log : () => undefined;
  const saved = { modules: m.modules, optimizers: m.optimizers };
  const statsLog = new StatsFile(join(runDir, 'stats.jsonl'));
  let iteration = 0;
  if (c.resume) {
    const state = loadCheckpoint(runDir, saved);
    iteration = state.iteration;
    m.loader.seek(state.position);
    if (main) statsLog.truncateAfter(iteration);
    log(`resuming ${runDir} at iteration ${iteration} of ${m.total}`);
  }
  const checkpoint = () => {
    if (main) saveCheckpoint(runDir, saved, { iteration, position: m.loader.position });
  };
  const interrupt = interruptible(log);
  try {
    if (!c.resume && m.warmUp && !(await m.warmUp(() => interrupt.stop, log))) {
      log(`interrupted during the warm-up: nothing was saved (${runDir} holds no checkpoint); start the run again`);
      return { runDir, iteration: 0, total: m.total, finished: false };
    }
    // every rank starts from rank 0's weights (a resumed run's ranks all read the same checkpoint)
    if (dp && !c.resume) dp.broadcastModules(...Object.values(m.modules));
    const label = `${m.command.replace(/^ganimate /, '')} ${runDir}`;
    const progress = main ? new Progress(m.total - iteration, label, 'it') : undefined;
    const startIteration = iteration;
    const window = { start: performance.now(), images: 0, iterations: 0 };
    let stop = false;
    while (iteration < m.total && !stop) {
      const batch = await m.loader.next();
      const report = m.step(batch, iteration);
      iteration++;
      window.images += m.imagesIn(batch) * (dp?.worldSize ?? 1);
      window.iterations++;
      if (iteration % m.logEvery === 0 || iteration === m.total) {
        const secs = (performance.now() - window.start) / 1000;
        const line = {
          iteration,
          epoch: Math.round((iteration / m.batchesPerEpoch) * 1000) / 1000,
          time: new Date().toISOString(),
          images_per_s: Math.round((window.images / secs) * 100) / 100,
          ...(report.extras ?? {}),
          // loss terms: the mean over ranks, i.e. over the whole batch
          ...(dp ? dp.meanOf(report.terms) : report.terms),
          ...(dp
            ? { ranks: dp.worldSize, allreduce_ms: Math.round((dp.takeCommMs() / window.iterations) * 100) / 100 }
            : {}),
        };
        if (main) statsLog.append(line);
        Object.assign(window, { start: performance.now(), images: 0, iterations: 0 });
      }
      if (main && m.sample && iteration % m.sampleEvery === 0) {
        writeFileAtomic(samplePath(runDir, iteration), await m.sample());
      }
      if (iteration % m.checkpointEvery === 0) checkpoint();
      progress?.tick();
      if (c.stopAfter !== undefined && iteration - startIteration >= c.stopAfter) interrupt.request();
      // every rank stops after the same step when any of them is asked to
      stop = dp ? dp.anyStop(interrupt.stop) : interrupt.stop;
    }
    const run = await endRun({
      runDir,
      iteration,
      total: m.total,
      checkpoint,
      log,
      resumeCommand: m.command,
      onFinished: () => (main ? m.finish(runDir) : ''),
    });
    if (dp && !run.finished)
      log(`(all ${dp.worldSize} ranks resume together: give the same --nproc, or --dist-url, --rank and --world-size)`);
    return run;
  } finally {
    interrupt.dispose();
  }
}
