// Seeded randomness for the metrics that sample (KID subsets, SWD patches and directions), so a
// score is reproducible from its seed.

export { type Random, seededRandom } from '../random/seeded-random.js';
import { type Random } from '../random/seeded-random.js';

/** Standard normal draws by Box–Muller (1 − u keeps the log argument in (0, 1]). */
export function gaussian(rng: Random): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Integer in [lo, hi) — numpy's randint(lo, hi). */
export function randomInt(rng: Random, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo));
}

/** `count` distinct indices out of [0, n) (partial Fisher–Yates), like choice(n, count, replace=False). */
export function sampleWithoutReplacement(rng: Random, n: number, count: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < count; i++) {
    const j = randomInt(rng, i, n);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, count);
}
