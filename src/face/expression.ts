// An independent judge of expressions: face-api's expression network (a small CNN on a 112-pixel face, trained on
// other data than ganimate's generators, critic and AU estimator) gives the probabilities of seven expressions. An edit
// that fools ganimate's own AU reading with smudges or rubbery shapes need not fool it.
import type { RgbImage } from '../image/rgb-image.js';
import { loadFaceApi } from './detector.js';

export const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

/** ganimate's emotion presets (au/emotions.ts) by face-api's names; contempt has no class there. */
export const PRESET_EXPRESSION: Readonly<Record<string, Expression>> = {
  happy: 'happy',
  sad: 'sad',
  surprise: 'surprised',
  fear: 'fearful',
  anger: 'angry',
  disgust: 'disgusted',
};

export class ExpressionReader {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private constructor(private readonly api: { tf: any; faceapi: any }) {}

  static async load(): Promise<ExpressionReader> {
    return new ExpressionReader(await loadFaceApi({ expression: true }));
  }

  /** The probabilities of the seven expressions on an aligned face crop (the whole image is the face). */
  async read(crop: RgbImage): Promise<Record<Expression, number>> {
    const { tf, faceapi } = this.api;
    const input = tf.tensor3d(crop.data, [crop.height, crop.width, 3], 'int32');
    try {
      const p = (await faceapi.nets.faceExpressionNet.predictExpressions(input)) as Record<Expression, number>;
      return Object.fromEntries(EXPRESSIONS.map((e) => [e, p[e]])) as Record<Expression, number>;
    } finally {
      input.dispose();
    }
  }
}

/** Over preset edits: how often the judge's most probable expression is the one asked for, and its mean probability. */
export class ExpressionMeter {
  private readonly hits = new Map<Expression, { n: number; top: number; p: number }>();

  add(asked: Expression, read: Record<Expression, number>): void {
    const top = EXPRESSIONS.reduce((a, b) => (read[b] > read[a] ? b : a));
    const h = this.hits.get(asked) ?? { n: 0, top: 0, p: 0 };
    h.n++;
    h.top += top === asked ? 1 : 0;
    h.p += read[asked];
    this.hits.set(asked, h);
  }

  /** Mean over the presets of: the share read as asked, and the probability of the asked expression; and each
   * preset's share. */
  summary(): { readAsAsked: number; probability: number; perPreset: Record<string, number> } {
    const all = [...this.hits.entries()];
    const mean = (f: (h: { n: number; top: number; p: number }) => number) =>
      all.length ? all.reduce((s, [, h]) => s + f(h), 0) / all.length : NaN;
    return {
      readAsAsked: mean((h) => h.top / h.n),
      probability: mean((h) => h.p / h.n),
      perPreset: Object.fromEntries(all.map(([e, h]) => [e, h.top / h.n])),
    };
  }
}
