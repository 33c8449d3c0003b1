// Identity: face-api's face-recognition network (a ResNet-34 like dlib's) maps an aligned face to a
// 128-d descriptor; two faces closer than 0.6 are the same person by face-api's convention.
import type { RgbImage } from '../image/rgb-image.js';
import { loadFaceApi } from './detector.js';

export const SAME_PERSON_THRESHOLD = 0.6;
export const DESCRIPTOR_NAME = 'faceapi128';

export class FaceDescriber {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private constructor(private readonly api: { tf: any; faceapi: any }) {}

  static async load(): Promise<FaceDescriber> {
    return new FaceDescriber(await loadFaceApi({ recognition: true }));
  }

  /** The 128-d descriptor of an aligned face crop (the whole image is the face). */
  async describe(crop: RgbImage): Promise<Float32Array> {
    const { tf, faceapi } = this.api;
    const input = tf.tensor3d(crop.data, [crop.height, crop.width, 3], 'int32');
    try {
      return Float32Array.from((await faceapi.computeFaceDescriptor(input)) as Float32Array);
    } finally {
      input.dispose();
    }
  }
}

export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
