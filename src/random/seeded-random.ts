// One seeded PRNG for everything that must replay from a seed (data order, targets, KID subsets, SWD).

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, 32-bit state. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
