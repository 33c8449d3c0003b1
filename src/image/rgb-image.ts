// One image type for the whole pipeline: 8-bit RGB, interleaved, row-major.
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function blankImage(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}

/** A copy of the region (left, top, width, height; inside the image). */
export function cropImage(img: RgbImage, r: { left: number; top: number; width: number; height: number }): RgbImage {
  const out = blankImage(r.width, r.height);
  for (let y = 0; y < r.height; y++) {
    const from = ((r.top + y) * img.width + r.left) * 3;
    out.data.set(img.data.subarray(from, from + r.width * 3), y * r.width * 3);
  }
  return out;
}

/** RGB bytes → float32 CHW in [-1, 1] (the networks' input). */
export function toChw(img: RgbImage): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[c * n + i] = img.data[i * 3 + c]! / 127.5 - 1;
  return out;
}

/** float32 CHW in [-1, 1] → RGB bytes (rounded, clamped). */
export function fromChw(chw: Float32Array, width: number, height: number): RgbImage {
  const n = width * height;
  const img = blankImage(width, height);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++)
      img.data[i * 3 + c] = Math.max(0, Math.min(255, Math.round((chw[c * n + i]! + 1) * 127.5)));
  return img;
}

/** Side-by-side (or stacked) grid of equally sized images. */
export function grid(images: readonly RgbImage[], columns: number, gap = 0): RgbImage {
  const [w, h] = [images[0]!.width, images[0]!.height];
  const rows = Math.ceil(images.length / columns);
  const out = blankImage(columns * w + (columns - 1) * gap, rows * h + (rows - 1) * gap);
  out.data.fill(255);
  images.forEach((im, k) => {
    const [x0, y0] = [(k % columns) * (w + gap), Math.floor(k / columns) * (h + gap)];
    for (let y = 0; y < h; y++)
      out.data.set(im.data.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * out.width + x0) * 3);
  });
  return out;
}
