// Batches for GANimation training (SPEC §3): a seeded shuffle per epoch, horizontal flips, and target
// AUs taken from another random training image (/5) plus U(−0.1, 0.1) noise, not clamped. Every
// random choice is a pure function of (seed, epoch, batch), so the position alone resumes it exactly.
// In data-parallel training each rank decodes only its own part of each batch: the parts are disjoint.
// JPEG decoding runs on sharp's threads and is started one batch ahead, overlapping the training step.
import sharp from 'sharp';
import { AU_COUNT, RAW_MAX } from '../au/action-units.js';
import { seededRandom } from '../random/seeded-random.js';
import type { FaceDataset } from './face-dataset.js';
import { DatasetError } from './face-dataset.js';

export interface LoaderOptions {
  batchSize: number;
  imageSize: number;
  seed: number;
  flip: boolean;
  targetNoise: number;
  /** Data-parallel training: this process takes part `index` of `count` equal parts of every batch (the whole
   * batch's random choices are made as without parts, so the parts of all ranks together are that batch). */
  shard?: { index: number; count: number };
}

export interface LoaderPosition {
  epoch: number;
  /** Batches already taken in this epoch. */
  batch: number;
}

export interface HostBatch {
  ids: string[];
  /** [B, 3, S, S] in [-1, 1]. */
  real: Float32Array;
  /** [B, 17] on the raw/5 scale. */
  realCond: Float32Array;
  desiredCond: Float32Array;
  size: number;
}

const mix = (...xs: number[]) => xs.reduce((h, x) => Math.imul(h ^ x, 0x9e3779b1) >>> 0, 0x12345678);

export class BatchLoader {
  private order: string[] = [];
  private orderEpoch = -1;
  private pending?: Promise<HostBatch>;
  position: LoaderPosition = { epoch: 0, batch: 0 };

  constructor(
    readonly data: FaceDataset,
    readonly ids: readonly string[],
    readonly o: LoaderOptions,
  ) {
    if (
      o.shard &&
      !(Number.isInteger(o.batchSize / o.shard.count) && o.shard.index >= 0 && o.shard.index < o.shard.count)
    )
      throw new DatasetError(
        `a batch of ${o.batchSize} cannot be split into ${o.shard.count} equal parts: make the batch size a multiple of the number of processes`,
      );
    if (ids.length < o.batchSize)
      throw new DatasetError(`the split has ${ids.length} images, fewer than one batch of ${o.batchSize}`);
  }

  get batchesPerEpoch(): number {
    return Math.floor(this.ids.length / this.o.batchSize);
  }

  /** Moves to a saved position (resume); drops any prefetched batch. */
  seek(p: LoaderPosition): void {
    this.position = { ...p };
    this.pending = undefined;
  }

  /** The next batch; the one after it starts decoding now. */
  async next(): Promise<HostBatch> {
    const current = this.pending ?? this.load(this.position);
    this.advance();
    this.pending = this.load(this.position);
    this.pending.catch(() => undefined); // reported when awaited
    return current;
  }

  /** The batch at a position, without moving (fixed sample inputs). */
  peek(p: LoaderPosition): Promise<HostBatch> {
    return this.load(p);
  }

  private advance(): void {
    this.position =
      this.position.batch + 1 >= this.batchesPerEpoch
        ? { epoch: this.position.epoch + 1, batch: 0 }
        : { epoch: this.position.epoch, batch: this.position.batch + 1 };
  }

  private epochOrder(epoch: number): string[] {
    if (this.orderEpoch !== epoch) {
      const rand = seededRandom(mix(this.o.seed, epoch));
      this.order = [...this.ids];
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
      }
      this.orderEpoch = epoch;
    }
    return this.order;
  }

  private async load({ epoch, batch }: LoaderPosition): Promise<HostBatch> {
    const { batchSize: whole, imageSize: S } = this.o;
    const all = this.epochOrder(epoch).slice(batch * whole, (batch + 1) * whole);
    const rand = seededRandom(mix(this.o.seed, epoch, batch, 1));
    const allFlips = all.map(() => this.o.flip && rand() < 0.5);
    const allDesired = new Float32Array(whole * AU_COUNT);
    all.forEach((_, b) => {
      const other = this.data.aus.get(this.ids[Math.floor(rand() * this.ids.length)]!)!;
      for (let k = 0; k < AU_COUNT; k++)
        allDesired[b * AU_COUNT + k] = other[k]! / RAW_MAX + (rand() * 2 - 1) * this.o.targetNoise;
    });
    const [lo, hi] = this.partRange();
    const B = hi - lo;
    const ids = all.slice(lo, hi);
    const flips = allFlips.slice(lo, hi);
    const desiredCond = allDesired.slice(lo * AU_COUNT, hi * AU_COUNT);
    const realCond = new Float32Array(B * AU_COUNT);
    ids.forEach((id, b) =>
      realCond.set(
        this.data.aus.get(id)!.map((v) => v / RAW_MAX),
        b * AU_COUNT,
      ),
    );
    const pixels = await Promise.all(ids.map((id) => this.decode(id)));
    const real = new Float32Array(B * 3 * S * S);
    const plane = S * S;
    pixels.forEach((px, b) => {
      const base = b * 3 * plane;
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const src = (y * S + (flips[b] ? S - 1 - x : x)) * 3;
          for (let c = 0; c < 3; c++) real[base + c * plane + y * S + x] = px[src + c]! / 127.5 - 1;
        }
      }
    });
    return { ids, real, realCond, desiredCond, size: S };
  }

  /** The rows of each batch this process takes: all of them, or its part. */
  partRange(): [number, number] {
    const { batchSize: B, shard } = this.o;
    if (!shard) return [0, B];
    const per = B / shard.count;
    return [shard.index * per, (shard.index + 1) * per];
  }

  private async decode(id: string): Promise<Buffer> {
    const file = this.data.images.get(id)!;
    try {
      const s = sharp(file).removeAlpha().toColourspace('srgb');
      const meta = await sharp(file).metadata();
      const img =
        meta.width === this.o.imageSize && meta.height === this.o.imageSize
          ? s
          : s.resize(this.o.imageSize, this.o.imageSize);
      return await img.raw().toBuffer();
    } catch (e) {
      throw new DatasetError(
        `${file} cannot be decoded (${(e as Error).message}); remove it from the split or replace it`,
      );
    }
  }
}
