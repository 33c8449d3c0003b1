// The One-Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter whose cutoff rises with the signal's
// speed, so a face held still does not jitter and a fast expression change does not lag. One filter per channel.

export interface OneEuroOptions {
  /** Cutoff (Hz) when the signal is still: lower = less jitter, more lag at rest. */
  minCutoff: number;
  /** How fast the cutoff rises with the signal's speed (per unit/s): higher = less lag in fast moves. */
  beta: number;
  /** Cutoff (Hz) of the speed estimate itself. */
  dCutoff: number;
}

const smoothingFactor = (cutoff: number, dt: number) => {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
};

export class OneEuroFilter {
  private x?: Float64Array;
  private dx?: Float64Array;

  constructor(readonly options: OneEuroOptions) {
    for (const k of ['minCutoff', 'dCutoff'] as const)
      if (!(options[k] > 0)) throw new RangeError(`One-Euro ${k} must be above 0, got ${options[k]}`);
    if (!(options.beta >= 0)) throw new RangeError(`One-Euro beta must be 0 or more, got ${options.beta}`);
  }

  /** The filtered value of `v` (one entry per channel), `dt` seconds after the previous one. */
  filter(v: ArrayLike<number>, dt: number): Float64Array {
    if (!this.x || !this.dx || this.x.length !== v.length) {
      this.x = Float64Array.from(v);
      this.dx = new Float64Array(v.length);
      return Float64Array.from(this.x);
    }
    const { minCutoff, beta, dCutoff } = this.options;
    const ad = smoothingFactor(dCutoff, dt);
    for (let i = 0; i < v.length; i++) {
      const speed = (v[i]! - this.x[i]!) / dt;
      this.dx[i] = ad * speed + (1 - ad) * this.dx[i]!;
      const a = smoothingFactor(minCutoff + beta * Math.abs(this.dx[i]!), dt);
      this.x[i] = a * v[i]! + (1 - a) * this.x[i]!;
    }
    return Float64Array.from(this.x);
  }

  reset(): void {
    this.x = this.dx = undefined;
  }
}
