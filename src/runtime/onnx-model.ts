// An ONNX Runtime session (onnxruntime-node) over float32 tensors. Needs no libtorch.
import { existsSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { GanimateError } from '../errors.js';

export class ModelLoadError extends GanimateError {}

export interface HostArray {
  data: Float32Array;
  dims: number[];
}

export interface SessionOptions {
  /** Threads for one run; 0 lets ONNX Runtime choose. */
  threads?: number;
  /** ONNX Runtime's CPU memory arena (default on): faster batched runs (about 10 % at 8 frames), but it keeps the
   * memory of the largest run ever made. A long-lived server turns it off so that memory returns after a large job. */
  memoryArena?: boolean;
}

export class OnnxModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly source: string,
  ) {}

  static async load(model: string | Uint8Array, o: SessionOptions = {}): Promise<OnnxModel> {
    const source = typeof model === 'string' ? model : `${model.length}-byte model`;
    if (typeof model === 'string' && !existsSync(model))
      throw new ModelLoadError(`model file ${model} does not exist; check the path, or export one with ganimate`);
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: o.threads ?? 0,
      graphOptimizationLevel: 'all',
      enableCpuMemArena: o.memoryArena ?? true,
    };
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, options)
          : await ort.InferenceSession.create(model, options);
      return new OnnxModel(session, source);
    } catch (e) {
      throw new ModelLoadError(
        `${source} is not a model ONNX Runtime can load (${(e as Error).message.split('\n')[0]}); re-export it`,
      );
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }
  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** The declared shape of an input; symbolic dimensions (e.g. 'batch') as strings. */
  inputShape(name: string): (number | string)[] {
    const m = this.session.inputMetadata.find((i) => i.name === name);
    if (!m || !m.isTensor) throw new GanimateError(`${this.source} has no tensor input "${name}"`);
    return [...m.shape];
  }

  async run(feeds: Record<string, HostArray>): Promise<Record<string, HostArray>> {
    const missing = this.inputNames.filter((n) => !(n in feeds));
    if (missing.length) throw new GanimateError(`${this.source} needs inputs ${missing.join(', ')}`);
    const ortFeeds = Object.fromEntries(
      Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]),
    );
    const out = await this.session.run(ortFeeds);
    return Object.fromEntries(
      Object.entries(out).map(([k, t]) => [k, { data: t.data as Float32Array, dims: [...t.dims] }]),
    );
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
