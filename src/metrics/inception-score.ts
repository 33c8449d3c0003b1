// Inception Score (Salimans et al. 2016, as torch-fidelity computes it with shuffle off) and the
// modified Inception Score m-IS (Gurumurthy et al. 2017, DeLiGAN) from classifier logits.
import { InvalidOptionError } from '../errors.js';

/**
 * Streaming statistics of class predictions: per sample the softmax p(y|x) and its negative
 * entropy Σ p log p (from a log-softmax, so tiny probabilities keep their logs). Samples are kept in
 * arrival order because the IS splits are contiguous ranges of the final count; every per-sample
 * number is computed the same way whatever the batch, so the scores do not depend on batching.
 */
export class ClassProbabilityStats {
  readonly numClasses: number;
  private n = 0;
  private probs: Float64Array;
  private negEntropy: Float64Array;
  private readonly logits: Float64Array;

  constructor(numClasses: number) {
    if (!Number.isInteger(numClasses) || numClasses < 2)
      throw new InvalidOptionError(`the classifier needs at least 2 classes, got ${numClasses}`);
    this.numClasses = numClasses;
    this.probs = new Float64Array(64 * numClasses);
    this.negEntropy = new Float64Array(64);
    this.logits = new Float64Array(numClasses);
  }

  get count(): number {
    return this.n;
  }

  /** Adds `count` logit vectors stored back to back (count × numClasses, row-major). */
  addLogits(logits: ArrayLike<number>, count: number): this {
    const c = this.numClasses;
    if (!Number.isInteger(count) || count < 0 || logits.length !== count * c) {
      throw new InvalidOptionError(
        `a batch of ${count} logit vectors over ${c} classes needs ${count * c} numbers, got ${logits.length}; pass count = logits.length / ${c}`,
      );
    }
    for (let r = 0; r < count; r++) {
      for (let k = 0; k < c; k++) this.logits[k] = logits[r * c + k]!;
      this.addOne();
    }
    return this;
  }

  /** Adds one logit vector per array. */
  addLogitRows(rows: readonly ArrayLike<number>[]): this {
    for (const row of rows) {
      if (row.length !== this.numClasses)
        throw new InvalidOptionError(
          `logit rows must have ${this.numClasses} values (one per class), got ${row.length}`,
        );
      for (let k = 0; k < this.numClasses; k++) this.logits[k] = row[k]!;
      this.addOne();
    }
    return this;
  }

  private addOne(): void {
    const c = this.numClasses;
    const z = this.logits;
    let max = -Infinity;
    for (let k = 0; k < c; k++) {
      if (!Number.isFinite(z[k]!))
        throw new InvalidOptionError(`logit vector ${this.n} has a non-finite value; check the classifier's output`);
      max = Math.max(max, z[k]!);
    }
    let sumExp = 0;
    for (let k = 0; k < c; k++) sumExp += Math.exp(z[k]! - max);
    const logSum = Math.log(sumExp);
    this.reserve(this.n + 1);
    let h = 0;
    const base = this.n * c;
    for (let k = 0; k < c; k++) {
      const logp = z[k]! - max - logSum;
      const p = Math.exp(z[k]! - max) / sumExp;
      this.probs[base + k] = p;
      h += p * logp;
    }
    this.negEntropy[this.n] = h;
    this.n++;
  }

  private reserve(rows: number): void {
    if (rows <= this.negEntropy.length) return;
    const cap = Math.max(rows, 2 * this.negEntropy.length);
    const p = new Float64Array(cap * this.numClasses);
    p.set(this.probs);
    const h = new Float64Array(cap);
    h.set(this.negEntropy);
    this.probs = p;
    this.negEntropy = h;
  }

  /** Softmax probabilities of sample i (a view). */
  probabilities(i: number): Float64Array {
    return this.probs.subarray(i * this.numClasses, (i + 1) * this.numClasses);
  }

  /** Σ_k p_k log p_k of sample i. */
  negativeEntropy(i: number): number {
    return this.negEntropy[i]!;
  }
}

export interface InceptionScoreResult {
  mean: number;
  /** Population std over splits (ddof = 0, np.std), what torch-fidelity and the OpenAI code report. */
  std: number;
  /** Sample std (ddof = 1, torch.std), what torchmetrics reports; NaN for one split. */
  stdSample: number;
  perSplit: Float64Array;
}

/**
 * IS = exp(E_x KL(p(y|x) ‖ p(y))) per split, p(y) the split's mean prediction; split i covers samples
 * [⌊iN/splits⌋, ⌊(i+1)N/splits⌋). Uses E_x Σ p log p(y) = Σ p(y) log p(y), so KL = E_x[Σ p log p] − Σ q log q.
 */
export function inceptionScore(stats: ClassProbabilityStats, options: { splits?: number } = {}): InceptionScoreResult {
  const { splits = 10 } = options;
  const n = stats.count;
  const c = stats.numClasses;
  if (!Number.isInteger(splits) || splits < 1)
    throw new InvalidOptionError(`IS splits must be a positive integer, got ${splits}`);
  if (n < splits)
    throw new InvalidOptionError(
      `IS with ${splits} splits needs at least ${splits} samples, got ${n}; add samples or lower splits`,
    );
  const perSplit = new Float64Array(splits);
  const q = new Float64Array(c);
  for (let s = 0; s < splits; s++) {
    const lo = Math.floor((s * n) / splits);
    const hi = Math.floor(((s + 1) * n) / splits);
    q.fill(0);
    let meanH = 0;
    for (let i = lo; i < hi; i++) {
      const p = stats.probabilities(i);
      for (let k = 0; k < c; k++) q[k]! += p[k]!;
      meanH += stats.negativeEntropy(i);
    }
    const size = hi - lo;
    meanH /= size;
    let cross = 0;
    for (let k = 0; k < c; k++) {
      const qk = q[k]! / size;
      if (qk > 0) cross += qk * Math.log(qk); // 0 · log 0 = 0
    }
    // KL is never negative: a split whose samples all predict alike (one sample, say) reads 1, not 1 − 1e-7 by the
    // rounding of the two sums
    perSplit[s] = Math.exp(Math.max(0, meanH - cross));
  }
  const { mean, std, stdSample } = meanStd(perSplit);
  return { mean, std, stdSample, perSplit };
}

export interface ModifiedInceptionScoreResult {
  /** Mean over the classes that received at least one sample. */
  mean: number;
  /** Population std (np.std) over those classes. */
  std: number;
  /** Score per class (by argmax of p), null where no sample was assigned (DeLiGAN's code gives NaN). */
  perClass: (number | null)[];
}

/**
 * m-IS as in DeLiGAN's modified_inception_scores: for each predicted class, exp of the mean over its
 * samples x of [Σ p_x log p_x − mean_{x'} Σ p_x log p_{x'}] (x' in the same class). The inner mean over
 * x' is p_x · (mean of log p_{x'}), which turns the O(n²) pair loop into O(n).
 */
export function modifiedInceptionScore(stats: ClassProbabilityStats): ModifiedInceptionScoreResult {
  const n = stats.count;
  const c = stats.numClasses;
  if (n < 1) throw new InvalidOptionError('m-IS needs at least one sample; add logits first');
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) label[i] = argmax(stats.probabilities(i));
  const perClass: (number | null)[] = [];
  const scores: number[] = [];
  for (let cls = 0; cls < c; cls++) {
    const members = [...label.keys()].filter((i) => label[i] === cls);
    if (members.length === 0) {
      perClass.push(null);
      continue;
    }
    const s = Math.exp(meanPairwiseKl(stats, members));
    perClass.push(s);
    scores.push(s);
  }
  const { mean, std } = meanStd(Float64Array.from(scores));
  return { mean, std, perClass };
}

/** exp(mean over all ordered pairs (x, x') of KL(p_x ‖ p_x')), pairs with x = x' included (they add 0). */
export function modifiedInceptionScoreGlobal(stats: ClassProbabilityStats): number {
  if (stats.count < 1) throw new InvalidOptionError('m-IS needs at least one sample; add logits first');
  return Math.exp(meanPairwiseKl(stats, [...Array(stats.count).keys()]));
}

// mean_x [Σ p_x log p_x − p_x · mean_{x'} log p_{x'}] over x, x' in `members`; log p = log of the
// stored softmax, as DeLiGAN's np.log(preds).
function meanPairwiseKl(stats: ClassProbabilityStats, members: number[]): number {
  const c = stats.numClasses;
  const meanLog = new Float64Array(c);
  for (const i of members) {
    const p = stats.probabilities(i);
    for (let k = 0; k < c; k++) meanLog[k]! += Math.log(p[k]!);
  }
  for (let k = 0; k < c; k++) meanLog[k]! /= members.length;
  let kl = 0;
  for (const i of members) {
    const p = stats.probabilities(i);
    let self = 0;
    let cross = 0;
    for (let k = 0; k < c; k++) {
      self += p[k]! * Math.log(p[k]!);
      cross += p[k]! * meanLog[k]!;
    }
    kl += self - cross;
  }
  return kl / members.length;
}

function argmax(v: Float64Array): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! > v[best]!) best = k; // first maximum wins, like np.argmax
  return best;
}

function meanStd(v: Float64Array): { mean: number; std: number; stdSample: number } {
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const ss = v.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / n), stdSample: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}
