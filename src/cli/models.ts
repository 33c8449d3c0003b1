// Where the inference commands find their models, and the editor they share.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import type { DetectorModel } from '../face/detector.js';
import { FaceEditor } from '../infer/face-editor.js';
import { PACKAGE_ROOT, SHIPPED } from '../shipped-models.js';
import { number } from './number-option.js';

export { SHIPPED };
export const SAMPLE_PHOTO = join(PACKAGE_ROOT, 'assets', 'astronaut.png');

function pick(flag: string | undefined, shipped: string, what: string, option: string): string {
  if (flag) return flag;
  if (existsSync(shipped)) return shipped;
  throw new GanimateError(
    `no trained ${what} ships with this version of ganimate yet; pass ${option} <file.onnx> (make one from trained weights with \`ganimate export\`)`,
  );
}

/** The GeoGAN transfer model --model names, else the one shipped for the attribute; a missing one is an error that
 * says what to pass. */
export function transferModelPath(flag: string | undefined, attribute: string): string {
  const model = flag ?? join(SHIPPED.dir, `geogan-${attribute}.onnx`);
  if (!existsSync(model))
    throw new GanimateError(
      flag
        ? `${model} does not exist; pass --model <geogan.onnx>`
        : `no trained GeoGAN ${attribute} model ships with this version of ganimate; pass --model <geogan.onnx> (a traced GeoGAN transfer graph)`,
    );
  return model;
}

/** The model files the flags name, else the shipped ones; an error says how to get a missing one. */
export function modelPaths(
  v: Record<string, string | boolean | undefined>,
  needEstimator: boolean,
  needGenerator = true,
): { generator?: string; estimator?: string } {
  const generator = needGenerator
    ? pick(v.model as string | undefined, SHIPPED.generator, 'GANimation generator', '--model')
    : undefined;
  const estimator = needEstimator
    ? pick(v.estimator as string | undefined, SHIPPED.estimator, 'AU estimator', '--estimator')
    : ((v.estimator as string | undefined) ?? (existsSync(SHIPPED.estimator) ? SHIPPED.estimator : undefined));
  return { generator, estimator };
}

export async function openEditor(
  v: Record<string, string | boolean | undefined>,
  needEstimator: boolean,
  needGenerator = true,
): Promise<FaceEditor> {
  return FaceEditor.load({
    ...modelPaths(v, needEstimator, needGenerator),
    minConfidence: number(v['min-confidence'], 'min-confidence', 0, 1),
    detector: detectorOf(v),
    threads: number(v.threads, 'threads', 0, 256),
    preloadDetector: !v.aligned,
  });
}

/** --detector, checked. */
export function detectorOf(v: Record<string, string | boolean | undefined>): DetectorModel {
  const d = (v.detector as string | undefined) ?? 'fast';
  if (d !== 'ssd' && d !== 'fast') throw new GanimateError(`--detector must be ssd or fast, not ${d}`);
  return d;
}

export { number };
