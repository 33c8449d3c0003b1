// Face detection and 68 landmarks with face-api's SSD-MobileNet and landmark nets, on TensorFlow.js's
// wasm backend. The weights ship inside @vladmandic/face-api; nothing is downloaded.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GanimateError } from '../errors.js';
import type { RgbImage } from '../image/rgb-image.js';

export type Point = [number, number];

export interface DetectedFace {
  /** Detector confidence in [0, 1]. */
  score: number;
  box: { x: number; y: number; width: number; height: number };
  /** The 68 iBUG landmarks in image pixels. */
  landmarks: Point[];
}

export class NoFaceError extends GanimateError {}

export interface DetectorOptions {
  /** Faces scoring below this are ignored. */
  minConfidence?: number;
  /** At most this many faces, the most confident first. */
  maxFaces?: number;
}

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
let loading: Promise<{ tf: Any; faceapi: Any }> | undefined;
let recognition: Promise<void> | undefined;

/** face-api on the wasm backend with the detector and landmark nets (and, when asked, the recognition net). */
export async function loadFaceApi(o: { recognition?: boolean } = {}): Promise<{ tf: Any; faceapi: Any }> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const models = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    return { tf, faceapi };
  })();
  const api = await loading;
  if (o.recognition) {
    recognition ??= api.faceapi.nets.faceRecognitionNet.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
    await recognition;
  }
  return api;
}

export class FaceDetector {
  private constructor(private readonly api: { tf: Any; faceapi: Any }, readonly options: Required<DetectorOptions>) {}

  static async load(o: DetectorOptions = {}): Promise<FaceDetector> {
    return new FaceDetector(await loadFaceApi(), { minConfidence: o.minConfidence ?? 0.5, maxFaces: o.maxFaces ?? 20 });
  }

  /** All faces, most confident first; an empty list when there are none. */
  async detect(img: RgbImage): Promise<DetectedFace[]> {
    const { tf, faceapi } = this.api;
    const input = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    try {
      const found: Any[] = await faceapi
        .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: this.options.minConfidence, maxResults: this.options.maxFaces }))
        .withFaceLandmarks();
      return found
        .map((f) => ({
          score: f.detection.score as number,
          box: { x: f.detection.box.x, y: f.detection.box.y, width: f.detection.box.width, height: f.detection.box.height },
          landmarks: (f.landmarks.positions as { x: number; y: number }[]).map((p): Point => [p.x, p.y]),
        }))
        .sort((a, b) => b.score - a.score);
    } finally {
      input.dispose();
    }
  }

  /** Like detect, but a photo without a face is a NoFaceError (no silent full-frame edit). */
  async detectOrThrow(img: RgbImage, name = 'the photo'): Promise<DetectedFace[]> {
    const faces = await this.detect(img);
    if (!faces.length) throw new NoFaceError(`no face found in ${name}; use a photo with a clearly visible face (at least ~64 px across), or lower --min-confidence`);
    return faces;
  }
}
