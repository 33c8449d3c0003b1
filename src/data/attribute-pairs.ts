// Faces with and without an attribute, paired for GeoGAN (A without, B with), with their landmarks.
// Each epoch shuffles both groups with a seeded order and pairs them by position, so a position
// (epoch, batch) alone reproduces a batch and resumes it exactly.
import sharp from 'sharp';
import { auIndex } from '../au/action-units.js';
import { GanimateError } from '../errors.js';
import { seededRandom } from '../random/seeded-random.js';
import type { LoaderPosition } from './batch-loader.js';
import { DatasetError, type FaceDataset } from './face-dataset.js';

export interface AttributeRule {
  /** The AU whose presence is the attribute. */
  au: number;
  /** Without presence flags: present at or above, absent at or below these raw intensities. */
  presentAt: number;
  absentAt: number;
}

export const ATTRIBUTES: Record<string, AttributeRule> = { smile: { au: 12, presentAt: 1.5, absentAt: 0.3 } };

/**
 * The ids of `ids` with the attribute and without it. With OpenFace presence flags (AU12_c) a face has
 * it when the flag is 1 and the intensity is at least 1, and lacks it when the flag is 0 and the
 * intensity is under 0.5; faces in between are left out. Without flags, the rule's thresholds decide.
 */
export function attributeGroups(
  data: FaceDataset,
  ids: readonly string[],
  attribute: string,
): { with: string[]; without: string[] } {
  const rule = ATTRIBUTES[attribute];
  if (!rule)
    throw new GanimateError(`unknown attribute "${attribute}"; ganimate trains: ${Object.keys(ATTRIBUTES).join(', ')}`);
  const k = auIndex(rule.au);
  const flag = `AU${String(rule.au).padStart(2, '0')}_c`;
  const out = { with: [] as string[], without: [] as string[] };
  for (const id of ids) {
    const r = data.aus.get(id)![k]!;
    const c = data.presence?.get(id)?.[flag];
    const has = c === undefined ? r >= rule.presentAt : c === 1 && r >= 1;
    const lacks = c === undefined ? r <= rule.absentAt : c === 0 && r < 0.5;
    if (has) out.with.push(id);
    else if (lacks) out.without.push(id);
  }
  return out;
}

/**
 * At most `n` ids of each group (0 = all), a seeded sample kept in dataset order, so a recipe that trains
 * on a slice of a large dataset needs landmarks of that slice only.
 */
export function limitGroups(
  groups: { with: string[]; without: string[] },
  n: number,
  seed: number,
): { with: string[]; without: string[] } {
  const take = (ids: string[], salt: number) => {
    if (!n || ids.length <= n) return ids;
    const rand = seededRandom(mix(seed, salt, 0x5eed));
    const keys = ids.map(() => rand());
    const cut = [...keys].sort((x, y) => x - y)[n - 1]!;
    return ids.filter((_, i) => keys[i]! <= cut).slice(0, n);
  };
  return { with: take(groups.with, 1), without: take(groups.without, 2) };
}

export interface PairBatch {
  ids: { a: string[]; b: string[] };
  /** [N, 3, S, S] in [−1, 1]: A without the attribute, B with it. */
  a: Float32Array;
  b: Float32Array;
  /** [N, 68, 2] normalised (x, y), align-corners pixel centres of the source image. */
  landmarksA: Float32Array;
  landmarksB: Float32Array;
}

const mix = (...xs: number[]) => xs.reduce((h, x) => Math.imul(h ^ x, 0x9e3779b1) >>> 0, 0x9e37);

export class PairLoader {
  private orders = new Map<string, string[]>();
  position: LoaderPosition = { epoch: 0, batch: 0 };

  constructor(
    readonly data: FaceDataset,
    readonly groups: { with: string[]; without: string[] },
    /** 68 pixel landmarks per id (ids without are dropped from the groups). */
    readonly landmarks: Map<string, Float32Array>,
    /** shard: data-parallel training, this process's part of every batch (as BatchLoader's). */
    readonly o: { batchSize: number; imageSize: number; seed: number; shard?: { index: number; count: number } },
  ) {
    if (o.shard && !Number.isInteger(o.batchSize / o.shard.count))
      throw new DatasetError(
        `a batch of ${o.batchSize} pairs cannot be split into ${o.shard.count} equal parts: make the batch size a multiple of the number of processes`,
      );
    this.groups = {
      with: groups.with.filter((id) => landmarks.has(id)),
      without: groups.without.filter((id) => landmarks.has(id)),
    };
    if (this.batchesPerEpoch < 1)
      throw new DatasetError(
        `too few faces for one batch of ${o.batchSize} pairs (${this.groups.with.length} with the attribute, ${this.groups.without.length} without, landmarks found)`,
      );
  }

  get batchesPerEpoch(): number {
    return Math.floor(Math.min(this.groups.with.length, this.groups.without.length) / this.o.batchSize);
  }

  seek(p: LoaderPosition): void {
    this.position = { ...p };
  }

  async next(): Promise<PairBatch> {
    const b = await this.peek(this.position);
    this.position =
      this.position.batch + 1 >= this.batchesPerEpoch
        ? { epoch: this.position.epoch + 1, batch: 0 }
        : { ...this.position, batch: this.position.batch + 1 };
    return b;
  }

  async peek({ epoch, batch }: LoaderPosition): Promise<PairBatch> {
    const B = this.o.batchSize;
    const per = B / (this.o.shard?.count ?? 1);
    const lo = batch * B + (this.o.shard?.index ?? 0) * per;
    const pick = (group: 'with' | 'without', salt: number) => this.order(group, epoch, salt).slice(lo, lo + per);
    const ids = { a: pick('without', 1), b: pick('with', 2) };
    const [a, b] = await Promise.all([this.images(ids.a), this.images(ids.b)]);
    return {
      ids,
      a: a.pixels,
      b: b.pixels,
      landmarksA: this.points(ids.a, a.sizes),
      landmarksB: this.points(ids.b, b.sizes),
    };
  }

  private order(group: 'with' | 'without', epoch: number, salt: number): string[] {
    const key = `${group}:${epoch}`;
    let o = this.orders.get(key);
    if (!o) {
      const rand = seededRandom(mix(this.o.seed, epoch, salt));
      o = [...this.groups[group]];
      for (let i = o.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [o[i], o[j]] = [o[j]!, o[i]!];
      }
      for (const k of this.orders.keys()) if (!k.endsWith(`:${epoch}`)) this.orders.delete(k);
      this.orders.set(key, o);
    }
    return o;
  }

  private points(ids: string[], sizes: number[]): Float32Array {
    const out = new Float32Array(ids.length * 136);
    ids.forEach((id, n) =>
      this.landmarks.get(id)!.forEach((v, i) => (out[n * 136 + i] = (2 * v) / (sizes[n]! - 1) - 1)),
    );
    return out;
  }

  private async images(ids: string[]): Promise<{ pixels: Float32Array; sizes: number[] }> {
    const S = this.o.imageSize;
    const plane = S * S;
    const pixels = new Float32Array(ids.length * 3 * plane);
    const sizes = await Promise.all(
      ids.map(async (id, n) => {
        const file = this.data.images.get(id)!;
        try {
          const meta = await sharp(file).metadata();
          const raw = await sharp(file).removeAlpha().toColourspace('srgb').resize(S, S).raw().toBuffer();
          for (let p = 0; p < plane; p++)
            for (let c = 0; c < 3; c++) pixels[n * 3 * plane + c * plane + p] = raw[p * 3 + c]! / 127.5 - 1;
          return meta.width ?? S;
        } catch (e) {
          throw new DatasetError(
            `${file} cannot be decoded (${(e as Error).message}); remove it from the split or replace it`,
          );
        }
      }),
    );
    return { pixels, sizes };
  }
}
