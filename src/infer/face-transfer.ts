// GeoGAN transfer on photos in the wild (SPEC §9): detect and align the target and the reference,
// run the traced transfer graph on ONNX Runtime, and paste the transferred face back into the
// full-resolution target with the blend mask, so pixels outside the face region stay bit-identical.
import { alignmentFor, cropAligned } from '../face/align.js';
import { FaceDetector } from '../face/detector.js';
import { pasteEdit, pasteWarpedReference } from '../face/paste.js';
import type { RgbImage } from '../image/rgb-image.js';
import { fromChw, toChw } from '../image/rgb-image.js';
import { GanimateError } from '../errors.js';
import { ModelLoadError, OnnxModel, type SessionOptions } from '../runtime/onnx-model.js';

export class FaceTransfer {
  private detector?: FaceDetector;

  private constructor(
    private readonly model: OnnxModel,
    readonly size: number,
  ) {}

  static async load(model: string | Uint8Array, o: SessionOptions = {}): Promise<FaceTransfer> {
    const m = await OnnxModel.load(model, o);
    if (
      !['target', 'reference'].every((n) => m.inputNames.includes(n)) ||
      !['transferred', 'mask'].every((n) => m.outputNames.includes(n))
    ) {
      throw new ModelLoadError(
        `${m.source} is not a GeoGAN transfer model (inputs target, reference; outputs transferred, mask)`,
      );
    }
    return new FaceTransfer(m, Number(m.inputShape('target')[2]));
  }

  /** The target photo with the attribute of the reference's most confident face on each of its faces. */
  /**
   * `highResolution` (the authors' HD test): warp the full-resolution reference photo with the
   * upsampled sampling grid instead of pasting the model-sized result (which has the refinement).
   */
  async transfer(
    target: RgbImage,
    reference: RgbImage,
    names: { target: string; reference: string },
    o: { highResolution?: boolean } = {},
  ): Promise<{ image: RgbImage; faces: number }> {
    this.detector ??= await FaceDetector.load();
    const [ref] = await this.detector.detectOrThrow(reference, names.reference);
    const refToCrop = alignmentFor(ref!.landmarks, this.size);
    const refCrop = toChw(cropAligned(reference, refToCrop, this.size));
    const faces = await this.detector.detectOrThrow(target, names.target);
    const out = { ...target, data: Uint8Array.from(target.data) };
    for (const face of faces) {
      const toCrop = alignmentFor(face.landmarks, this.size);
      const dims = [1, 3, this.size, this.size];
      const r = await this.model.run({
        target: { data: toChw(cropAligned(target, toCrop, this.size)), dims },
        reference: { data: refCrop, dims },
      });
      if (o.highResolution) {
        pasteWarpedReference(
          out,
          reference,
          { flow: r.flow!.data, mask: r.mask!.data, size: this.size },
          toCrop,
          refToCrop,
        );
      } else {
        // the transferred crop (refinement included) pasted where the mask is; the rest keeps the photo's detail
        const keep = r.mask!.data.map((m) => 1 - m);
        pasteEdit(out, { color: r.transferred!.data, attention: keep, size: this.size }, toCrop);
      }
    }
    return { image: out, faces: faces.length };
  }

  /** The transfer of two model-sized aligned crops (a dataset's), no detection or paste-back. */
  async transferAligned(target: RgbImage, reference: RgbImage): Promise<{ image: RgbImage; mask: Float32Array }> {
    for (const [img, what] of [
      [target, 'target'],
      [reference, 'reference'],
    ] as const) {
      if (img.width !== this.size || img.height !== this.size)
        throw new GanimateError(
          `the ${what} crop is ${img.width}×${img.height}; this model takes aligned ${this.size}×${this.size} crops`,
        );
    }
    const dims = [1, 3, this.size, this.size];
    const r = await this.model.run({
      target: { data: toChw(target), dims },
      reference: { data: toChw(reference), dims },
    });
    return { image: fromChw(r.transferred!.data, this.size, this.size), mask: r.mask!.data };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
