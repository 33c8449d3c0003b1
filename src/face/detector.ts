// Face detection and 68 landmarks with face-api's nets: its Tiny Face Detector and landmark net on TensorFlow.js's
// wasm backend, its SSD MobileNet on ONNX Runtime (ssd-onnx.ts). The weights ship inside @vladmandic/face-api.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GanimateError } from '../errors.js';
import { cropResizeImage, resizeImage } from '../image/image-io.js';
import { cropImage, type RgbImage } from '../image/rgb-image.js';
import { SsdOnnx } from './ssd-onnx.js';

export type Point = [number, number];

export interface DetectedFace {
  /** Detector confidence in [0, 1]. */
  score: number;
  box: { x: number; y: number; width: number; height: number };
  /** The 68 iBUG landmarks in image pixels. */
  landmarks: Point[];
}

export class NoFaceError extends GanimateError {}

type Scored = Pick<DetectedFace, 'score' | 'box'>;

/** Images up to this size (longer side, px) get a second, padded look when no face is found. */
const TIGHT_CROP_MAX = 400;

/** The side (px) each detector looks at: face-api pads a photo to a square and resizes that to this side, so a
 * larger photo is downscaled to it here first, by libvips. Inside WebAssembly the full-size photo would cost
 * memory that is never given back (a 24-megapixel upload held 263 MB of it). */
export const LOOK_SIDE = { tiny: 416, ssd: 512 } as const;

/** The landmark net sees 112 px: a larger face is cropped and downscaled to at most this side first, by libvips. */
const LANDMARK_CROP_MAX = 224;

/** The image, and how many of its pixels one of the copy's is, downscaled to fit `side` if it is larger. */
async function fitWithin(img: RgbImage, side: number): Promise<{ img: RgbImage; sx: number; sy: number }> {
  const s = side / Math.max(img.width, img.height);
  if (s >= 1) return { img, sx: 1, sy: 1 };
  const [w, h] = [Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s))];
  return { img: await resizeImage(img, w, h), sx: img.width / w, sy: img.height / h };
}

/** The image centred on a grey canvas `pad` pixels larger on every side. */
export function greyPad(img: RgbImage, pad: number): RgbImage {
  const w = img.width + 2 * pad;
  const data = new Uint8Array(w * (img.height + 2 * pad) * 3).fill(128);
  for (let y = 0; y < img.height; y++)
    data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + pad) * w + pad) * 3);
  return { width: w, height: img.height + 2 * pad, data };
}

/**
 * 'fast' (default): on a photo over 400 px, SSD MobileNet v1 (on ONNX Runtime), then face-api's Tiny Face Detector
 * when SSD finds nothing; on a tight crop up to 400 px, the tiny detector first, then padded looks. 'ssd': SSD alone.
 * Faces found and time per face on group photos and the driving clips: `node dist/tools/detector-recall.js`;
 * alignment against faces128's own: `node dist/tools/detector-alignment.js` (README).
 */
export type DetectorModel = 'fast' | 'ssd';

export interface DetectorOptions {
  model?: DetectorModel;
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
let expression: Promise<void> | undefined;
let ageGender: Promise<void> | undefined;
let ssd: Promise<SsdOnnx> | undefined;
const modelFolder = () => join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');

/** face-api's SSD detector on ONNX Runtime (ssd-onnx.ts), built from face-api's weights on first use. */
async function ssdNet(faceapi: Any): Promise<SsdOnnx> {
  ssd ??= faceapi.nets.ssdMobilenetv1
    .loadFromDisk(modelFolder())
    .then(() => SsdOnnx.fromParams(faceapi.nets.ssdMobilenetv1.params));
  return ssd!;
}

/** face-api on the wasm backend with the detector and landmark nets (and, when asked, the recognition, expression and
 * age-and-sex nets). */
export async function loadFaceApi(
  o: { recognition?: boolean; expression?: boolean; ageGender?: boolean } = {},
): Promise<{ tf: Any; faceapi: Any }> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const models = modelFolder();
    // the SSD detector (5.6 MB of weights) loads when a look first needs it (ssdNet): most photos never do
    await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    return { tf, faceapi };
  })();
  const api = await loading;
  if (o.recognition) {
    recognition ??= api.faceapi.nets.faceRecognitionNet.loadFromDisk(modelFolder());
    await recognition;
  }
  if (o.expression) {
    expression ??= api.faceapi.nets.faceExpressionNet.loadFromDisk(modelFolder());
    await expression;
  }
  if (o.ageGender) {
    ageGender ??= api.faceapi.nets.ageGenderNet.loadFromDisk(modelFolder());
    await ageGender;
  }
  return api;
}

export class FaceDetector {
  private constructor(
    private readonly api: { tf: Any; faceapi: Any },
    readonly options: Required<DetectorOptions>,
  ) {}

  static async load(o: DetectorOptions = {}): Promise<FaceDetector> {
    return new FaceDetector(await loadFaceApi(), {
      model: o.model ?? 'fast',
      minConfidence: o.minConfidence ?? 0.5,
      maxFaces: o.maxFaces ?? 20,
    });
  }

  /**
   * All faces, most confident first; an empty list when there are none. A small image that the face
   * fills (a tight crop such as faces128's) gives the SSD detector too little context, so an image up
   * to 400 px is first looked at centred on a grey canvas three times its size (faces found in 36 of 36
   * faces128 crops against 3 of 36 without), keeping the faces whose landmarks centre well inside the
   * original frame, and as it is when that finds nothing. 'fast' looks at the padded canvas with the
   * tiny detector before SSD.
   */
  async detect(img: RgbImage): Promise<DetectedFace[]> {
    const fast = this.options.model === 'fast';
    if (Math.max(img.width, img.height) > TIGHT_CROP_MAX) {
      // SSD first: on ONNX Runtime it is the quicker look, and it finds people in a scene where the tiny detector
      // finds few (1 of a meeting photo's 13 faces); the tiny detector when it finds nothing
      const ssd = await this.detectOnce(img, 'ssd');
      return ssd.length || !fast ? ssd : this.detectOnce(img, 'tiny');
    }
    // small images are mostly tight crops: the tiny detector first, then padded looks ('fast': the tiny detector on
    // the padded canvas finds 15 of the 25 faces128 test crops, among the first 500, that every other look missed)
    const tiny = fast ? await this.detectOnce(img, 'tiny') : [];
    if (tiny.length) return tiny;
    const tinyPadded = fast ? await this.detectPadded(img, 'tiny') : [];
    if (tinyPadded.length) return tinyPadded;
    const padded = await this.detectPadded(img, 'ssd');
    return padded.length ? padded : this.detectOnce(img, 'ssd');
  }

  private async detectPadded(img: RgbImage, net: 'tiny' | 'ssd'): Promise<DetectedFace[]> {
    const pad = Math.max(img.width, img.height);
    const shifted = (await this.detectOnce(greyPad(img, pad), net)).map((f) => ({
      score: f.score,
      box: { ...f.box, x: f.box.x - pad, y: f.box.y - pad },
      landmarks: f.landmarks.map(([x, y]): Point => [x - pad, y - pad]),
    }));
    const inside = (v: number, n: number) => v > 0.15 * n && v < 0.85 * n;
    return shifted.filter(
      ({ landmarks: l }) =>
        inside(l.reduce((s, p) => s + p[0], 0) / l.length, img.width) &&
        inside(l.reduce((s, p) => s + p[1], 0) / l.length, img.height),
    );
  }

  /** One detector's look, with each face's landmarks. */
  private async detectOnce(img: RgbImage, net: 'tiny' | 'ssd'): Promise<DetectedFace[]> {
    return this.withLandmarks(img, await this.boxesOf(img, net));
  }

  /** One detector's boxes, on the photo downscaled to what the detector sees, in photo pixels, most confident first. */
  private async boxesOf(img: RgbImage, net: 'tiny' | 'ssd'): Promise<Scored[]> {
    const { tf, faceapi } = this.api;
    const look = await fitWithin(img, LOOK_SIDE[net]);
    const { minConfidence, maxFaces } = this.options;
    let found: Scored[];
    if (net === 'ssd') found = await (await ssdNet(faceapi)).detect(look.img, minConfidence, maxFaces);
    else {
      const input = tf.tensor3d(look.img.data, [look.img.height, look.img.width, 3], 'int32');
      try {
        const options = new faceapi.TinyFaceDetectorOptions({
          inputSize: LOOK_SIDE.tiny,
          scoreThreshold: minConfidence,
        });
        found = await faceapi.detectAllFaces(input, options);
      } finally {
        input.dispose();
      }
    }
    return found
      .map(({ score, box }) => ({
        score,
        box: { x: box.x * look.sx, y: box.y * look.sy, width: box.width * look.sx, height: box.height * look.sy },
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, maxFaces);
  }

  /** Landmarks on each box's crop of the full photo (as face-api's withFaceLandmarks crops its input). A batch of
   * crops per call of the landmark net measured no faster on 68 faces: the net's time is in its layers, not its
   * calls. */
  private async withLandmarks(img: RgbImage, boxes: Scored[]): Promise<DetectedFace[]> {
    const faces: DetectedFace[] = [];
    for (const { score, box } of boxes) {
      const landmarks = await this.landmarksOf(img, box);
      if (landmarks) faces.push({ score, box, landmarks });
    }
    return faces;
  }

  /** The 68 landmarks of the face inside `box` (image pixels, clipped to the image), without detecting: how a face is
   * followed from frame to frame (face-api's landmark net on the box, as after a detection). */
  async landmarksIn(img: RgbImage, box: DetectedFace['box']): Promise<Point[] | undefined> {
    return this.landmarksOf(img, box, 24);
  }

  /** face-api's landmark net on the box's crop (clipped to the image; downscaled to LANDMARK_CROP_MAX), in image
   * pixels; undefined when less than `minSide` of it lies inside the image. */
  private async landmarksOf(img: RgbImage, box: DetectedFace['box'], minSide = 1): Promise<Point[] | undefined> {
    const [x, y] = [Math.max(0, Math.floor(box.x)), Math.max(0, Math.floor(box.y))];
    const [w, h] = [
      Math.min(img.width, Math.ceil(box.x + box.width)) - x,
      Math.min(img.height, Math.ceil(box.y + box.height)) - y,
    ];
    if (w < minSide || h < minSide) return undefined;
    const s = Math.min(1, LANDMARK_CROP_MAX / Math.max(w, h));
    const [cw, ch] = [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))];
    const region = { left: x, top: y, width: w, height: h };
    const crop = s < 1 ? await cropResizeImage(img, region, cw, ch) : cropImage(img, region);
    const { tf, faceapi } = this.api;
    const input = tf.tensor3d(crop.data, [ch, cw, 3], 'int32');
    try {
      const found = await faceapi.nets.faceLandmark68Net.detectLandmarks(input);
      return (found.positions as { x: number; y: number }[]).map((p): Point => [
        (p.x * w) / cw + x,
        (p.y * h) / ch + y,
      ]);
    } finally {
      input.dispose();
    }
  }

  /** Loads the SSD net and runs both detectors on a blank look of their full size, twice (the second pass finds
   * the WebAssembly heap's fragmentation): a server's worker takes up front the WebAssembly memory any photo will
   * need (about 200 MB, never given back), so its memory after a job no longer depends on the photos before. */
  async warmUp(): Promise<void> {
    const side = LOOK_SIDE.ssd;
    const blank = { width: side, height: side, data: new Uint8Array(3 * side * side).fill(128) };
    for (let pass = 0; pass < 2; pass++) for (const net of ['tiny', 'ssd'] as const) await this.detectOnce(blank, net);
  }

  /** Like detect, but a photo without a face is a NoFaceError (no silent full-frame edit). */
  async detectOrThrow(img: RgbImage, name = 'the photo'): Promise<DetectedFace[]> {
    const faces = await this.detect(img);
    if (!faces.length)
      throw new NoFaceError(
        `no face found in ${name}; use a photo with a clearly visible face (at least ~64 px across), or lower --min-confidence`,
      );
    return faces;
  }
}
