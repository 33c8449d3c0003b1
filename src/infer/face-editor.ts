// Edits the faces of a photo towards target AUs with the ONNX generator: detect and align once,
// render any number of targets (batched), paste each back into the full-resolution photo.
import { AU_COUNT, type AuVector, normalise, RAW_MAX } from '../au/action-units.js';
import { alignmentFor, cropAligned } from '../face/align.js';
import { type DetectedFace, type DetectorModel, FaceDetector } from '../face/detector.js';
import { pasteEdit } from '../face/paste.js';
import type { Similarity } from '../face/similarity.js';
import { fromChw, type RgbImage, toChw } from '../image/rgb-image.js';
import { ModelLoadError, OnnxModel } from '../runtime/onnx-model.js';
import { FieldError, ModelMissingError } from './request.js';

export interface EditorOptions {
  /** Generator ONNX (inputs image, aus; outputs color, attention, composed); not needed to estimate AUs. */
  generator?: string | Uint8Array;
  /** AU estimator ONNX (input image; output aus), for --like, animate and sweep from the photo's own AUs. */
  estimator?: string | Uint8Array;
  minConfidence?: number;
  /** Face detector: 'fast' (default) or 'ssd'. */
  detector?: DetectorModel;
  threads?: number;
  /** Start loading the face detector at once, beside the models (a command that will detect faces). */
  preloadDetector?: boolean;
  /** ONNX Runtime's memory arena (SessionOptions.memoryArena). */
  memoryArena?: boolean;
}

export interface PreparedFace {
  detected?: DetectedFace;
  toCrop: Similarity;
  crop: RgbImage;
}

/** A photo with its faces found and aligned; `aligned` photos are already a model-sized crop. */
export interface Prepared {
  photo: RgbImage;
  faces: PreparedFace[];
  aligned: boolean;
  name: string;
}

const BATCH = 8;
const IDENTITY: Similarity = { a: 1, b: 0, tx: 0, ty: 0 };

export class FaceEditor {
  /** The face detector, loaded on first use, or from the start beside the ONNX sessions (preloadDetector). */
  private detector?: Promise<FaceDetector>;

  private constructor(
    private readonly gen: OnnxModel | undefined,
    readonly estimator: OnnxModel | undefined,
    readonly size: number,
    private readonly o: EditorOptions,
  ) {}

  static async load(o: EditorOptions): Promise<FaceEditor> {
    // TensorFlow.js compiles its WebAssembly while ONNX Runtime builds its sessions
    const detector = o.preloadDetector
      ? FaceDetector.load({ minConfidence: o.minConfidence ?? 0.5, model: o.detector })
      : undefined;
    detector?.catch(() => undefined); // reported by the first prepare() that awaits it
    const generator = o.generator
      ? await OnnxModel.load(o.generator, { threads: o.threads, memoryArena: o.memoryArena })
      : undefined;
    if (
      generator &&
      (!['image', 'aus'].every((n) => generator.inputNames.includes(n)) || !generator.outputNames.includes('color'))
    ) {
      throw new ModelLoadError(
        `${generator.source} is not a GANimation generator (inputs image, aus; outputs color, attention, composed)`,
      );
    }
    const estimator = o.estimator
      ? await OnnxModel.load(o.estimator, { threads: o.threads, memoryArena: o.memoryArena })
      : undefined;
    if (estimator && !estimator.outputNames.includes('aus'))
      throw new ModelLoadError(`${estimator.source} is not an AU estimator (input image; output aus)`);
    const model = generator ?? estimator;
    if (!model) throw new ModelLoadError('FaceEditor needs a generator or an AU estimator model');
    const editor = new FaceEditor(generator, estimator, Number(model.inputShape('image')[2]), o);
    editor.detector = detector;
    return editor;
  }

  private loadDetector(): Promise<FaceDetector> {
    this.detector ??= FaceDetector.load({ minConfidence: this.o.minConfidence ?? 0.5, model: this.o.detector });
    return this.detector;
  }

  /** The generator; editing without one is an error that says how to get one. */
  get generator(): OnnxModel {
    if (!this.gen) throw new ModelMissingError('generator', 'editing');
    return this.gen;
  }

  /** Finds and aligns every face (most confident first); an already aligned crop is used as it is. */
  async prepare(photo: RgbImage, name: string, aligned = false): Promise<Prepared> {
    if (aligned) {
      if (photo.width !== this.size || photo.height !== this.size) {
        throw new FieldError(
          'aligned',
          (f) =>
            `${name} is ${photo.width}×${photo.height}, but ${f} expects ${this.size}×${this.size} crops; leave ${f} out for ordinary photos`,
        );
      }
      return { photo, faces: [{ toCrop: IDENTITY, crop: photo }], aligned: true, name };
    }
    const found = await (await this.loadDetector()).detectOrThrow(photo, name);
    const faces = found.map((detected) => {
      const toCrop = alignmentFor(detected.landmarks, this.size);
      return { detected, toCrop, crop: cropAligned(photo, toCrop, this.size) };
    });
    return { photo, faces, aligned: false, name };
  }

  /** Raw AUs (0–5) of each face, from the AU estimator. */
  async estimate(p: Prepared): Promise<AuVector[]> {
    if (!this.estimator) throw new ModelMissingError('estimator', 'estimating AUs');
    const out: AuVector[] = [];
    for (let i = 0; i < p.faces.length; i += BATCH) {
      const chunk = p.faces.slice(i, i + BATCH);
      const { aus } = await this.estimator.run({ image: this.stack(chunk.map((f) => f.crop)) });
      for (let k = 0; k < chunk.length; k++)
        out.push(
          aus!.data.slice(k * AU_COUNT, (k + 1) * AU_COUNT).map((v) => Math.max(0, Math.min(RAW_MAX, v * RAW_MAX))),
        );
    }
    return out;
  }

  /** One output image per target set; targets[k][f] is the raw AU target of face f in output k. */
  /** One edited photo per list of targets (one target per face, or one for all). `onFlow` (flow generators) receives
   * each face's flow [2, S, S] in crop coordinates, with the index of its list of targets. */
  async render(
    p: Prepared,
    targets: AuVector[][],
    onFlow?: (k: number, flow: Float32Array) => void,
  ): Promise<RgbImage[]> {
    const jobs = targets.flatMap((perFace, k) =>
      p.faces.map((face, f) => ({ k, face, aus: perFace[f] ?? perFace[0]! })),
    );
    const outputs = targets.map(() => (p.aligned ? undefined : { ...p.photo, data: Uint8Array.from(p.photo.data) }));
    const results: RgbImage[] = [];
    for (let i = 0; i < jobs.length; i += BATCH) {
      const chunk = jobs.slice(i, i + BATCH);
      const aus = new Float32Array(chunk.length * AU_COUNT);
      chunk.forEach((j, n) => aus.set(normalise(j.aus), n * AU_COUNT));
      const r = await this.generator.run({
        image: this.stack(chunk.map((j) => j.face.crop)),
        aus: { data: aus, dims: [chunk.length, AU_COUNT] },
      });
      const plane = this.size * this.size;
      chunk.forEach((j, n) => {
        if (onFlow && r.flow) onFlow(j.k, r.flow.data.subarray(n * 2 * plane, (n + 1) * 2 * plane));
        if (p.aligned) {
          results[j.k] = fromChw(r.composed!.data.subarray(n * 3 * plane, (n + 1) * 3 * plane), this.size, this.size);
          return;
        }
        const color = r.color!.data.subarray(n * 3 * plane, (n + 1) * 3 * plane);
        const attention = r.attention!.data.subarray(n * plane, (n + 1) * plane);
        pasteEdit(outputs[j.k]!, { color, attention, size: this.size }, j.face.toCrop);
      });
    }
    return p.aligned ? results : (outputs as RgbImage[]);
  }

  private stack(crops: RgbImage[]) {
    const plane = 3 * this.size * this.size;
    const data = new Float32Array(crops.length * plane);
    crops.forEach((c, i) => data.set(toChw(c), i * plane));
    return { data, dims: [crops.length, 3, this.size, this.size] };
  }

  async dispose(): Promise<void> {
    await this.gen?.dispose();
    await this.estimator?.dispose();
  }
}
