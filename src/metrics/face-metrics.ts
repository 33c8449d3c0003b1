// Face-specific scores of an edit: did the expression change as asked (AU error against an AU
// estimator's reading of the result), and is it still the same person (descriptor distance).
import { AU_COUNT, AUS, type AuVector } from '../au/action-units.js';

export interface AuErrorSummary {
  /** Mean absolute error per AU (raw 0–5 scale), in model order. */
  perAu: Record<string, number>;
  /** Mean over AUs and samples. */
  mean: number;
  count: number;
}

/** Streams (target, measured) pairs into per-AU mean absolute errors. */
export class AuErrorMeter {
  private readonly sums = new Float64Array(AU_COUNT);
  private n = 0;

  add(target: AuVector, measured: AuVector): void {
    for (let i = 0; i < AU_COUNT; i++) this.sums[i]! += Math.abs(target[i]! - measured[i]!);
    this.n++;
  }

  summary(): AuErrorSummary {
    const per = Array.from(this.sums, (s) => (this.n ? s / this.n : NaN));
    return {
      perAu: Object.fromEntries(AUS.map((a, i) => [`AU${String(a.au).padStart(2, '0')}`, per[i]!])),
      mean: per.reduce((a, b) => a + b, 0) / AU_COUNT,
      count: this.n,
    };
  }
}

/** Mean and share under the same-person threshold of a stream of descriptor distances. */
export class IdentityMeter {
  private readonly d: number[] = [];
  constructor(readonly threshold = 0.6) {}
  add(distance: number): void {
    this.d.push(distance);
  }
  summary(): { mean: number; samePersonShare: number; count: number } {
    const n = this.d.length;
    return {
      mean: this.d.reduce((a, b) => a + b, 0) / n,
      samePersonShare: this.d.filter((x) => x < this.threshold).length / n,
      count: n,
    };
  }
}
