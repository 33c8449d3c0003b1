// A process group on libtorch's c10d (Gloo for CPU tensors, NCCL for CUDA ones when the addon has it):
// rendezvous over a TCP store, and the collectives data-parallel training needs. Gradients travel in
// buckets (a few flat tensors per step, not one call per parameter).
export { parseDistUrl } from './dist-url.js';
import { GanimateError } from '../errors.js';
import { parseDistUrl } from './dist-url.js';
import { native } from './native.js';
import { cat, contiguous, reshape, slice } from './ops/shape.js';
import { copy_, divScalar_ } from './ops/inplace.js';
import { noGrad } from './autograd.js';
import { scope } from './scope.js';
import type { Tensor } from './tensor.js';

export interface GroupOptions {
  /** tcp://HOST:PORT of rank 0's store. */
  url: string;
  rank: number;
  worldSize: number;
  /** How long a collective or the rendezvous may wait for the other ranks before it fails (ms). */
  timeoutMs: number;
  /** Also make an NCCL group (tensors on CUDA). */
  nccl?: boolean;
}

/** Bytes of float32 gradients in one bucket (PyTorch's DDP uses 25 MB). */
const BUCKET_BYTES = 25 * 1024 * 1024;

/** Which c10d backends this addon was built with. */
export const distributedBackends = (): { gloo: boolean; nccl: boolean } => native().distAvailable();

export class ProcessGroup {
  private closed = false;

  private constructor(
    readonly rank: number,
    readonly worldSize: number,
  ) {}

  /** Joins the group; returns when every rank has joined (or fails after the timeout). */
  static join(o: GroupOptions): ProcessGroup {
    const { host, port } = parseDistUrl(o.url);
    if (!(Number.isInteger(o.worldSize) && o.worldSize >= 1))
      throw new GanimateError(`world size must be a positive integer, got ${o.worldSize}`);
    if (!(Number.isInteger(o.rank) && o.rank >= 0 && o.rank < o.worldSize))
      throw new GanimateError(
        `rank must be a whole number from 0 to world size − 1 (${o.worldSize - 1}), got ${o.rank}`,
      );
    if (!distributedBackends().gloo)
      throw new GanimateError(
        "this addon was built without c10d's Gloo: install libgloo-dev (apt-get install -y libgloo-dev), then npm run build:native",
      );
    try {
      native().distInit(host, port, o.rank, o.worldSize, o.timeoutMs, o.nccl ?? false);
    } catch (e) {
      throw new GanimateError(
        `rank ${o.rank} of ${o.worldSize} could not join the group at ${o.url} (${(e as Error).message}). ` +
          (o.rank === 0
            ? `Rank 0 serves ${o.url}: the port must be free on this machine and the address one of its own.`
            : `Rank 0 must be running with the same --dist-url and --world-size, and reachable from here.`) +
          ` Every rank gives the same world size; all must start within --dist-timeout (${Math.round(o.timeoutMs / 1000)} s).`,
      );
    }
    return new ProcessGroup(o.rank, o.worldSize);
  }

  /** Each tensor becomes the sum over ranks, in place: flattened into buckets, one all-reduce per bucket. Returns the
   * number of calls. */
  allReduceSum(ts: readonly Tensor[]): number {
    return this.byBucket(ts, (flat) => native().distAllReduce(flat.handle));
  }

  /** Each tensor becomes the mean over ranks, in place. */
  allReduceMean(ts: readonly Tensor[]): number {
    return this.byBucket(ts, (flat) => {
      native().distAllReduce(flat.handle);
      divScalar_(flat, this.worldSize);
    });
  }

  /** Every rank's tensors become those of `root`, in place. */
  broadcast(ts: readonly Tensor[], root = 0): number {
    return this.byBucket(ts, (flat) => native().distBroadcast(flat.handle, root));
  }

  /** Runs `exchange` on each bucket of `ts` flattened into one contiguous tensor, then copies the result back. */
  private byBucket(ts: readonly Tensor[], exchange: (flat: Tensor) => void): number {
    const groups = buckets(ts);
    noGrad(() => {
      for (const bucket of groups)
        scope(() => {
          const flat = contiguous(cat(bucket.map((t) => reshape(t, [-1]))));
          exchange(flat);
          let at = 0;
          for (const t of bucket) {
            copy_(t, reshape(slice(flat, 0, at, at + t.size), t.shape));
            at += t.size;
          }
        });
    });
    return groups.length;
  }

  barrier(): void {
    native().distBarrier();
  }

  /** Leaves the group (after a last barrier when `wait`, so no rank closes a connection another still reads). */
  close(wait = true): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (wait) this.barrier();
    } finally {
      native().distDestroy();
    }
  }
}

/** Consecutive groups of tensors of at most BUCKET_BYTES each (a larger tensor alone). */
function buckets(ts: readonly Tensor[]): Tensor[][] {
  const out: Tensor[][] = [];
  let bytes = Infinity;
  for (const t of ts) {
    if (bytes + t.size * 4 > BUCKET_BYTES) {
      out.push([]);
      bytes = 0;
    }
    out.at(-1)!.push(t);
    bytes += t.size * 4;
  }
  return out;
}
