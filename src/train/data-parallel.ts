// Data-parallel training over a c10d process group, as PyTorch's DistributedDataParallel does it:
// every rank holds the whole model, reads its own part of each batch, and averages gradients with the
// others before every optimiser step, so all ranks take the same step. The averaged gradient of a batch
// split in W parts equals the gradient of the whole batch (every loss term is a mean over samples), so a
// W-rank run follows the single-process run with the same batch. Rank 0 alone writes.
import { GanimateError } from '../errors.js';
import type { Adam, Module } from '../nn/index.js';
import { ProcessGroup, rand, slice, tensor, type Tensor } from '../torch/index.js';

export interface ParallelOptions {
  /** tcp://HOST:PORT of rank 0. */
  url: string;
  rank: number;
  worldSize: number;
  /** How long a rank waits for the others (rendezvous and each collective) before it fails, ms. */
  timeoutMs: number;
  /** The model lives on CUDA: its gradients travel over NCCL (the addon must have been built with it). */
  nccl?: boolean;
}

/** Runs a training function inside this process's place in a group (or alone when `parallel` is absent): joins
 * first, leaves after a last barrier when it ended normally, at once after an error. */
export async function inGroup<R>(
  parallel: ParallelOptions | undefined,
  device: string,
  fn: (dp: DataParallel | undefined) => Promise<R>,
): Promise<R> {
  const dp = parallel ? DataParallel.join({ ...parallel, nccl: device.startsWith('cuda') }) : undefined;
  let ended = false;
  try {
    const run = await fn(dp);
    ended = true;
    return run;
  } finally {
    dp?.close(ended);
  }
}

export class DataParallel {
  /** Time spent in gradient all-reduces since the last `takeCommMs`. */
  private commMs = 0;
  private constructor(readonly group: ProcessGroup) {}

  static join(o: ParallelOptions): DataParallel {
    return new DataParallel(ProcessGroup.join(o));
  }

  get rank(): number {
    return this.group.rank;
  }
  get worldSize(): number {
    return this.group.worldSize;
  }
  get isMain(): boolean {
    return this.group.rank === 0;
  }

  /** Every module's parameters and buffers become rank 0's. */
  broadcastModules(...ms: Module[]): void {
    for (const m of ms) this.collective(() => this.group.broadcast(m.namedState().map(([, t]) => t)));
  }

  /** Averages the gradients of an optimiser's parameters over the ranks (those without a gradient are left). */
  averageGradients(opt: Adam): void {
    const grads = opt.params.map(([, p]) => p.grad).filter((g): g is Tensor => g !== null);
    const t0 = performance.now();
    this.collective(() => this.group.allReduceMean(grads));
    this.commMs += performance.now() - t0;
  }

  /** This rank's rows of a draw made for the whole batch (the same on every rank): the gradient penalty's mixing
   * weights, so that they are the single-process run's. */
  shardOfDraw(wholeBatch: number, device: string): Tensor {
    const per = wholeBatch / this.worldSize;
    return slice(rand([wholeBatch], device), 0, this.rank * per, (this.rank + 1) * per);
  }

  /** True on every rank when any rank asks to stop (Ctrl-C on one of them): all stop after the same step. */
  anyStop(local: boolean): boolean {
    const flag = tensor([local ? 1 : 0], [1]);
    try {
      this.collective(() => this.group.allReduceSum([flag]));
      return flag.item() > 0;
    } finally {
      flag.dispose();
    }
  }

  /** The mean over ranks of each value (statistics lines). */
  meanOf(values: Record<string, number>): Record<string, number> {
    const keys = Object.keys(values);
    const t = tensor(
      keys.map((k) => values[k]!),
      [keys.length],
    );
    try {
      this.collective(() => this.group.allReduceMean([t]));
      const d = t.data();
      return Object.fromEntries(keys.map((k, i) => [k, d[i]!]));
    } finally {
      t.dispose();
    }
  }

  /** Milliseconds spent averaging gradients since the last call. */
  takeCommMs(): number {
    const ms = this.commMs;
    this.commMs = 0;
    return ms;
  }

  /** Leaves the group: after a barrier when the run ended normally, at once after an error. */
  close(normally: boolean): void {
    try {
      this.group.close(normally);
    } catch {
      /* another rank has gone: nothing to wait for */
    }
  }

  private collective(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      throw new GanimateError(
        `rank ${this.rank} of ${this.worldSize}: a collective failed, so another rank has stopped or cannot be reached (${(e as Error).message}). Look at the other ranks' output for the cause; resume with --resume once all can run`,
      );
    }
  }
}
