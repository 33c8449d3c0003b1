// GeoGAN transfer on photos in the wild (SPEC §9): detect and align the target and the reference,
// run the traced transfer graph on ONNX Runtime, and paste the transferred face back into the
// full-resolution target with the blend mask, so pixels outside the face region stay bit-identical.
import { alignmentFor, cropAligned } from '../face/align.js';
import { FaceDetector } from '../face/detector.js';
import { pasteEdit } from '../face/paste.js';
import type { RgbImage } from '../image/rgb-image.js';
import { toChw } from '../image/rgb-image.js';
import { ModelLoadError, OnnxModel } from '../runtime/onnx-model.js';

export class FaceTransfer {
  private detector?: FaceDetector;

  private constructor(private readonly model: OnnxModel, readonly size: number) {}

  static async load(model: string | Uint8Array, o: { threads?: number } = {}): Promise<FaceTransfer> {
    const m = await OnnxModel.load(model, o);
    if (!['target', 'reference'].every((n) => m.inputNames.includes(n)) || !['transferred', 'mask'].every((n) => m.outputNames.includes(n))) {
      throw new ModelLoadError(`${m.source} is not a GeoGAN transfer model (inputs target, reference; outputs transferred, mask)`);
    }
    return new FaceTransfer(m, Number(m.inputShape('target')[2]));
  }

  /** The target photo with the attribute of the reference's most confident face on each of its faces. */
  async transfer(target: RgbImage, reference: RgbImage, names: { target: string; reference: string }): Promise<{ image: RgbImage; faces: number }> {
    this.detector ??= await FaceDetector.load();
    const [ref] = await this.detector.detectOrThrow(reference, names.reference);
    const refCrop = toChw(cropAligned(reference, alignmentFor(ref!.landmarks, this.size), this.size));
    const faces = await this.detector.detectOrThrow(target, names.target);
    const out = { ...target, data: Uint8Array.from(target.data) };
    const plane = this.size * this.size;
    for (const face of faces) {
      const toCrop = alignmentFor(face.landmarks, this.size);
      const dims = [1, 3, this.size, this.size];
      const r = await this.model.run({ target: { data: toChw(cropAligned(target, toCrop, this.size)), dims }, reference: { data: refCrop, dims } });
      const mask = r.mask!.data;
      const keep = new Float32Array(plane);
      for (let i = 0; i < plane; i++) keep[i] = 1 - mask[i]!;
      // the transferred crop already holds the blend; pasting it where the mask is keeps the rest of the photo's detail
      pasteEdit(out, { color: r.transferred!.data, attention: keep, size: this.size }, toCrop);
    }
    return { image: out, faces: faces.length };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

