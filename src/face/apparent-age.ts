// Does an edit keep the person's apparent age and sex? face-api's age-and-sex network (a small CNN on a 112-pixel face)
// reads both from an aligned crop. An expression edit should change neither: wrinkles painted on a child, a moustache
// or lipstick brought in with a borrowed mouth, or a face repainted towards the training set's average, all move them
// while the identity descriptor (trained to be tolerant) may still call the edit the same person. The network was
// trained on UTKFace, the source of half of faces128, so on those crops its readings are near the labels (test: mean
// error under 5 years); what is measured here is the change an edit makes, input against edit, read the same way.
import type { RgbImage } from '../image/rgb-image.js';
import { loadFaceApi } from './detector.js';

export interface ApparentAge {
  /** Years. */
  age: number;
  sex: 'male' | 'female';
  /** The network's probability of `sex`, 0.5–1. */
  sexProbability: number;
}

export class ApparentAgeReader {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private constructor(private readonly api: { tf: any; faceapi: any }) {}

  static async load(): Promise<ApparentAgeReader> {
    return new ApparentAgeReader(await loadFaceApi({ ageGender: true }));
  }

  /** Apparent age and sex of an aligned face crop (the whole image is the face). */
  async read(crop: RgbImage): Promise<ApparentAge> {
    const { tf, faceapi } = this.api;
    const input = tf.tensor3d(crop.data, [crop.height, crop.width, 3], 'int32');
    try {
      const r = await faceapi.nets.ageGenderNet.predictAgeAndGender(input);
      return {
        age: r.age as number,
        sex: r.gender as ApparentAge['sex'],
        sexProbability: r.genderProbability as number,
      };
    } finally {
      input.dispose();
    }
  }
}

/** The sex of an input counts only when the network reads it at least this surely. Its own noise, the input against
 * its mirror image: the sex kept in 95.6 % of faces128's first 500 test faces (children first, many read near 0.5),
 * in 99.3 % of those read at ≥ 0.75 (87 % of them). */
export const SURE_SEX = 0.75;

/** One edit as the age-and-sex net read it, with what names it (`label`: a face's id and target, say). */
export interface ApparentAgeChange<L> {
  label: L;
  input: ApparentAge;
  edit: ApparentAge;
}

/** Over (input, edit) pairs: how far the edit moved the apparent age, and how often it kept the apparent sex of the
 * inputs whose sex is read surely (SURE_SEX); `worst` names the edits that changed them most. */
export class ApparentAgeMeter<L = undefined> {
  private n = 0;
  private absShift = 0;
  private shift = 0;
  private sure = 0;
  private kept = 0;
  private readonly changes: ApparentAgeChange<L>[] = [];

  constructor(private readonly keep = 0) {}

  add(input: ApparentAge, edit: ApparentAge, label?: L): void {
    this.n++;
    this.absShift += Math.abs(edit.age - input.age);
    this.shift += edit.age - input.age;
    if (this.keep > 0) this.remember({ label: label as L, input, edit });
    if (input.sexProbability < SURE_SEX) return;
    this.sure++;
    this.kept += edit.sex === input.sex ? 1 : 0;
  }

  /** The `keep` edits that changed the person most: a surely read sex changed first, then the largest age shift. */
  worst(): ApparentAgeChange<L>[] {
    return [...this.changes];
  }

  private remember(c: ApparentAgeChange<L>): void {
    const at = this.changes.findIndex((o) => severity(c) > severity(o));
    this.changes.splice(at < 0 ? this.changes.length : at, 0, c);
    this.changes.length = Math.min(this.changes.length, this.keep);
  }

  /** Mean |age shift| and mean signed shift (years; positive: the edits look older) over all pairs; the share with the
   * sex kept over the `sexCount` pairs whose input's sex is read surely. */
  summary(): { ageShift: number; signedAgeShift: number; sexKeptShare: number; sexCount: number; count: number } {
    const n = this.n || NaN;
    return {
      ageShift: this.absShift / n,
      signedAgeShift: this.shift / n,
      sexKeptShare: this.kept / (this.sure || NaN),
      sexCount: this.sure,
      count: this.n,
    };
  }
}

/** How much an edit changed the person: a surely read sex changed outranks any age shift (100 years). */
function severity({ input, edit }: ApparentAgeChange<unknown>): number {
  const flipped = input.sexProbability >= SURE_SEX && edit.sex !== input.sex;
  return Math.abs(edit.age - input.age) + (flipped ? 100 : 0);
}
