// Reads face-api's TensorFlow.js weight files (a JSON manifest plus .bin shards) into float32 arrays,
// with no engine: the face-recognition net's weights ship inside @vladmandic/face-api, 8-bit quantised.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BadFileError } from '../errors.js';

export interface NamedWeight {
  /** TensorFlow's layout: filters [kh, kw, in, out], dense [in, out]. */
  shape: number[];
  data: Float32Array;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

export const FACE_RECOGNITION_MANIFEST = 'face_recognition_model-weights_manifest.json';

/** The model folder of the installed @vladmandic/face-api. */
export function faceApiModelDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'model');
}

/** Every weight of a manifest, dequantised (q × scale + min, as tfjs's decodeWeights). */
export function readTfjsWeights(manifestPath: string): Map<string, NamedWeight> {
  if (!existsSync(manifestPath))
    throw new BadFileError(`${manifestPath} does not exist; reinstall @vladmandic/face-api (npm ci)`);
  let groups: ManifestGroup[];
  try {
    groups = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestGroup[];
    if (!Array.isArray(groups)) throw new Error('not a list of weight groups');
  } catch (e) {
    throw new BadFileError(`${manifestPath} is not a tfjs weights manifest (${(e as Error).message})`);
  }
  const out = new Map<string, NamedWeight>();
  for (const group of groups) {
    // a group's shards are one byte stream cut into files
    const shards = group.paths.map((p) => readFileSync(join(dirname(manifestPath), p)));
    decodeGroup(Buffer.concat(shards), group.weights, manifestPath, out);
  }
  return out;
}

function decodeGroup(bytes: Buffer, specs: WeightSpec[], source: string, out: Map<string, NamedWeight>): void {
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const width = q
      ? ({ uint8: 1, uint16: 2 } as Record<string, number>)[q.dtype]
      : spec.dtype === 'float32'
        ? 4
        : undefined;
    if (!width || (q && (q.scale === undefined || q.min === undefined))) {
      throw new BadFileError(
        `${source}: weight ${spec.name} is ${q ? `quantised as ${q.dtype}` : spec.dtype}; only float32 and uint8/uint16 with scale and min are read`,
      );
    }
    if (offset + size * width > bytes.length)
      throw new BadFileError(`${source}: the shards end inside weight ${spec.name}; the .bin files are truncated`);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const at = offset + i * width;
      data[i] = !q ? bytes.readFloatLE(at) : (width === 1 ? bytes[at]! : bytes.readUInt16LE(at)) * q.scale! + q.min!;
    }
    out.set(spec.name, { shape: [...spec.shape], data });
    offset += size * width;
  }
  if (offset !== bytes.length)
    throw new BadFileError(
      `${source}: ${bytes.length - offset} bytes left after the last weight; manifest and shards do not match`,
    );
}

/** face-api's face-recognition weights (conv32_down/conv/filters … fc), from the installed package by default. */
export function readFaceRecognitionWeights(modelDir = faceApiModelDir()): Map<string, NamedWeight> {
  return readTfjsWeights(join(modelDir, FACE_RECOGNITION_MANIFEST));
}
