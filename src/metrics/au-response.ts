// How much of the asked change a judge reads: for each edit, the change asked of an AU is the target less the judge's
// reading of the input, the change delivered is the judge's reading of the edit less the same. Summed per AU and
// direction (raised: asked ≥ MIN_ASKED, lowered: asked ≤ −MIN_ASKED), delivered / asked is the share of the way the
// edit went (1: all of it, 0: none, negative: the wrong way). The AU error says how far an edit lands from its
// target; this says whether what is missing is the expressions an edit must add or those it must take away, and
// `error` splits that AU error itself (and doing nothing's) by what each AU was asked: raised, lowered or held.
import { AU_COUNT, AUS, type AuVector } from '../au/action-units.js';

/** Asked changes smaller than this (raw 0–5 scale) are neither raises nor lowers: a judge's noise is about 0.2. */
export const MIN_ASKED = 0.5;

export interface DirectionResponse {
  /** Mean asked change (signed) over the edits counted. */
  asked: number;
  /** Mean delivered change (signed) over the same edits. */
  delivered: number;
  /** delivered / asked (NaN when none counted). */
  share: number;
  count: number;
}

/** The share of a judge's mean AU error (|target − reading| over every AU of every edit) that falls on the AUs asked to
 * move one way: the three kinds sum to the mean error (`edit`), and to doing nothing's (`doNothing`: the input's
 * reading in place of the edit's). */
export interface ErrorPart {
  edit: number;
  doNothing: number;
  /** How many (edit, AU) entries were of this kind. */
  count: number;
}

export interface AuResponseSummary {
  /** Over every AU's raises, and every AU's lowers. */
  raised: DirectionResponse;
  lowered: DirectionResponse;
  /** The mean AU error by what was asked: raised, lowered, held (asked less than MIN_ASKED either way). */
  error: { raised: ErrorPart; lowered: ErrorPart; held: ErrorPart };
  perAu: Record<string, { raised: DirectionResponse; lowered: DirectionResponse }>;
}

/** Streams (target, input reading, edit reading) triples into the share of the asked change delivered. */
export class AuResponseMeter {
  // per AU: [raised asked, raised delivered, raised count, lowered asked, lowered delivered, lowered count]
  private readonly sums = new Float64Array(AU_COUNT * 6);
  // raised, lowered, held: [edit error, doing nothing's error, count]
  private readonly errors = new Float64Array(9);

  add(target: AuVector, input: AuVector, edit: AuVector): void {
    for (let i = 0; i < AU_COUNT; i++) {
      const asked = target[i]! - input[i]!;
      const kind = asked >= MIN_ASKED ? 0 : asked <= -MIN_ASKED ? 3 : 6;
      this.errors[kind]! += Math.abs(target[i]! - edit[i]!);
      this.errors[kind + 1]! += Math.abs(asked);
      this.errors[kind + 2]! += 1;
      if (Math.abs(asked) < MIN_ASKED) continue;
      const at = i * 6 + (asked > 0 ? 0 : 3);
      this.sums[at]! += asked;
      this.sums[at + 1]! += edit[i]! - input[i]!;
      this.sums[at + 2]! += 1;
    }
  }

  summary(): AuResponseSummary {
    const direction = (asked: number, delivered: number, count: number): DirectionResponse => ({
      asked: count ? asked / count : NaN,
      delivered: count ? delivered / count : NaN,
      share: count ? delivered / asked : NaN,
      count,
    });
    const total = (offset: number): DirectionResponse => {
      let [a, d, c] = [0, 0, 0];
      for (let i = 0; i < AU_COUNT; i++) {
        a += this.sums[i * 6 + offset]!;
        d += this.sums[i * 6 + offset + 1]!;
        c += this.sums[i * 6 + offset + 2]!;
      }
      return direction(a, d, c);
    };
    const s = (i: number) => this.sums[i]!;
    const entries = this.errors[2]! + this.errors[5]! + this.errors[8]!;
    const part = (k: number): ErrorPart => ({
      edit: entries ? this.errors[k]! / entries : NaN,
      doNothing: entries ? this.errors[k + 1]! / entries : NaN,
      count: this.errors[k + 2]!,
    });
    return {
      raised: total(0),
      lowered: total(3),
      error: { raised: part(0), lowered: part(3), held: part(6) },
      perAu: Object.fromEntries(
        AUS.map((a, i) => [
          `AU${String(a.au).padStart(2, '0')}`,
          {
            raised: direction(s(i * 6), s(i * 6 + 1), s(i * 6 + 2)),
            lowered: direction(s(i * 6 + 3), s(i * 6 + 4), s(i * 6 + 5)),
          },
        ]),
      ),
    };
  }
}
