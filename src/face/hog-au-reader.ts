// A second AU judge, made the way faces128's labels were: OpenFace 2.2's static AU models are linear regressions on
// the FHOG of its 112-px aligned face, and faces128's crops are that face with an 8-px border (OpenFace's
// -simalign -simsize 128). This reader is a ridge regression on the same features of the same square
// (tools/hog-au-reader.ts fits it on faces128's train split). Unlike the CNN estimator, it shares no architecture
// with the generator's critic, so paint that a critic's AU head learned to read does not carry over to it for free.
import { readFileSync } from 'node:fs';
import { AU_COUNT, RAW_MAX, type AuVector } from '../au/action-units.js';
import { fhog, fhogCells, FHOG_FEATURES, type Square } from './fhog.js';
import type { RgbImage } from '../image/rgb-image.js';
import { BadFileError, InvalidOptionError } from '../errors.js';

const FORMAT = 'ganimate-hog-au-reader';

/** The reader's weights: each AU's intensity is bias + Σ features · weights, clipped to 0–5. */
export interface HogAuWeights {
  /** The crop size the square is inside of. */
  cropSize: number;
  square: Square;
  cell: number;
  /** [features × AU_COUNT], row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** How it was fitted (ridge strength, faces, their MAE): carried into the file for the model card. */
  about: Record<string, unknown>;
}

const toBase64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function serializeHogAuWeights(w: HogAuWeights): string {
  return JSON.stringify({ ...w, format: FORMAT, version: 1, weights: toBase64(w.weights), bias: Array.from(w.bias) });
}

export class HogAuReader {
  readonly features: number;
  private constructor(readonly w: HogAuWeights) {
    this.features = fhogCells(w.square.size, w.cell) ** 2 * FHOG_FEATURES;
    if (w.weights.length !== this.features * AU_COUNT || w.bias.length !== AU_COUNT)
      throw new BadFileError(
        `HOG AU reader: ${w.weights.length} weights and ${w.bias.length} biases do not fit ${this.features} features × ${AU_COUNT} AUs; rebuild it with node dist/tools/hog-au-reader.js`,
      );
  }

  static fromWeights(w: HogAuWeights): HogAuReader {
    return new HogAuReader(w);
  }

  static load(path: string): HogAuReader {
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new BadFileError(
        `cannot read the HOG AU reader ${path} (${(e as Error).message}); pass a file written by node dist/tools/hog-au-reader.js`,
      );
    }
    if (j.format !== FORMAT) throw new BadFileError(`${path} is not a HOG AU reader (format ${String(j.format)})`);
    if (typeof j.weights !== 'string' || !Array.isArray(j.bias) || typeof j.cropSize !== 'number')
      throw new BadFileError(
        `${path} lacks the reader's weights, bias or crop size; rebuild it with node dist/tools/hog-au-reader.js`,
      );
    return new HogAuReader({
      cropSize: j.cropSize as number,
      square: j.square as Square,
      cell: j.cell as number,
      weights: fromBase64(j.weights as string),
      bias: Float32Array.from(j.bias as number[]),
      about: (j.about ?? {}) as Record<string, unknown>,
    });
  }

  /** Whether `crop` is an aligned crop of the size the reader reads. */
  reads(crop: RgbImage): boolean {
    return crop.width === this.w.cropSize && crop.height === this.w.cropSize;
  }

  /** The features the reader reads in an aligned crop (the tool that fits it reads the same). */
  featuresOf(crop: RgbImage): Float32Array {
    if (!this.reads(crop))
      throw new InvalidOptionError(
        `the HOG AU reader reads ${this.w.cropSize}×${this.w.cropSize} aligned crops, got ${crop.width}×${crop.height}: align the face first (FaceEditor.prepare)`,
      );
    return fhog(crop, this.w.square, this.w.cell);
  }

  /** Raw AU intensities (0–5) of an aligned crop. */
  read(crop: RgbImage): AuVector {
    return this.readFeatures(this.featuresOf(crop));
  }

  /** Raw AU intensities (0–5) from the crop's features (featuresOf). */
  readFeatures(x: Float32Array): AuVector {
    const out = Float64Array.from(this.w.bias);
    for (let i = 0; i < this.features; i++) {
      const v = x[i]!;
      if (v === 0) continue;
      const row = i * AU_COUNT;
      for (let k = 0; k < AU_COUNT; k++) out[k]! += v * this.w.weights[row + k]!;
    }
    return Float32Array.from(out, (v) => Math.max(0, Math.min(RAW_MAX, v)));
  }
}
