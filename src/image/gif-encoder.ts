// Animated GIF at encoder speed. The frames of an animation of one photo differ only where the face
// moves, so each frame after the first carries only the box of pixels that changed (the rest
// transparent, showing the frame before), with a palette made for those pixels alone: binned colours,
// median cut, weighted k-means steps. Each distinct colour is mapped once to its nearest entry (no
// dithering: every pixel as close as its palette allows), and GIF's LZW is written directly. Quality and
// speed against libvips' encoder and ffmpeg: `npm run bench -- animate`.
import { ColourIndex, NearestSearch } from './nearest-colour.js';
import type { RgbImage } from './rgb-image.js';

/** Palette entries for colours; the last of the 256 is the transparent index of later frames. */
const COLOURS = 255;
const TRANSPARENT = 255;
const KMEANS_STEPS = 10;

/** The frames as a looping animated GIF, `fps` frames per second (GIF counts delays in hundredths of a second). */
export function encodeGif(frames: readonly RgbImage[], fps: number): Uint8Array {
  if (!frames.length) throw new RangeError('an animation needs at least one frame');
  const gif = new GifWriter(frames[0]!.width, frames[0]!.height, fps);
  for (const f of frames) gif.add(f);
  return gif.finish();
}

/** An animated GIF written a frame at a time, as frames are rendered: each frame is encoded when it arrives (only
 * the frame before it is kept), so encoding overlaps rendering and memory does not grow with the frame count. */
export class GifWriter {
  private readonly out = new ByteWriter();
  private readonly delay: number;
  private prev?: Uint8Array;
  private count = 0;
  /** Scratch reused from frame to frame: which pixels changed, and the nearest-colour cache. */
  private mask?: Uint8Array;
  private index?: ColourIndex;

  constructor(
    readonly width: number,
    readonly height: number,
    fps: number,
  ) {
    const out = this.out;
    out.bytes([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]); // GIF89a
    out.u16(width);
    out.u16(height);
    out.bytes([0, 0, 0]); // no global colour table: each frame brings its own
    out.bytes([0x21, 0xff, 0x0b, ...new TextEncoder().encode('NETSCAPE2.0'), 0x03, 0x01, 0, 0, 0]); // loop forever
    this.delay = Math.max(1, Math.round(100 / fps));
  }

  /** Frames written so far. */
  get frames(): number {
    return this.count;
  }

  add(f: RgbImage): void {
    const { width, height, out } = this;
    if (f.width !== width || f.height !== height)
      throw new RangeError(`every frame must be ${width}×${height}, got ${f.width}×${f.height}`);
    // after the first frame, only the box of pixels that changed, the others transparent, with a palette of its own
    const prev = this.prev;
    const d = f.data;
    const mask = (this.mask ??= new Uint8Array(width * height));
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    let n = 0;
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        const q = 3 * i;
        const c = !prev || prev[q] !== d[q] || prev[q + 1] !== d[q + 1] || prev[q + 2] !== d[q + 2] ? 1 : 0;
        mask[i] = c;
        if (!c) continue;
        n++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
    const picked = new Uint8Array(3 * n);
    for (let y = y0, p = 0; y <= y1; y++) {
      for (let i = y * width + x0; i <= y * width + x1; i++) {
        if (!mask[i]) continue;
        picked[p++] = d[3 * i]!;
        picked[p++] = d[3 * i + 1]!;
        picked[p++] = d[3 * i + 2]!;
      }
    }
    const still = x1 < 0; // nothing changed: one transparent pixel keeps the timing
    if (still) [x0, y0, x1, y1] = [0, 0, 0, 0];
    const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
    // a still frame: a two-entry table whose index 0 is transparent
    const palette = still ? new Uint8Array(6) : paletteOf(picked);
    const transparent = still ? 0 : TRANSPARENT;
    const index = (this.index ??= new ColourIndex());
    if (!still) index.use(palette, COLOURS);
    const box = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = (y0 + y) * width + x0; x < w; x++, i++) {
        box[y * w + x] = still || !mask[i] ? transparent : index.of(d[3 * i]!, d[3 * i + 1]!, d[3 * i + 2]!);
      }
    }
    // graphic control: leave the frame in place (disposal 1), transparency after the first frame
    out.bytes([0x21, 0xf9, 0x04, this.count > 0 ? 0x05 : 0x04]);
    out.u16(this.delay);
    out.bytes([transparent, 0, 0x2c]);
    out.u16(x0);
    out.u16(y0);
    out.u16(w);
    out.u16(h);
    out.bytes([still ? 0x80 : 0x87]); // a local colour table (2 or 256 entries), not interlaced
    out.bytes(palette);
    lzw(box, out);
    this.prev = d;
    this.count++;
  }

  /** The whole file; no frame may be added after. */
  finish(): Uint8Array {
    if (!this.count) throw new RangeError('an animation needs at least one frame');
    this.out.bytes([0x3b]);
    return this.out.finish();
  }
}

/** 255 colours (RGB triplets, padded to 256 entries) for these pixels (RGB triplets): the colours are binned at 6
 * bits per channel (each bin its pixels' mean colour and count), then median cut and weighted k-means steps over the
 * bins. */
export function paletteOf(d: Uint8Array): Uint8Array {
  const exact = fewColours(d);
  if (exact) return exact;
  const { count, sum, touched } = binScratch();
  let bins = 0;
  for (let p = 0; p < d.length; p += 3) {
    const [r, g, b] = [d[p]!, d[p + 1]!, d[p + 2]!];
    const bin = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
    if (!count[bin]) touched[bins++] = bin;
    count[bin]!++;
    sum[3 * bin] = sum[3 * bin]! + r;
    sum[3 * bin + 1] = sum[3 * bin + 1]! + g;
    sum[3 * bin + 2] = sum[3 * bin + 2]! + b;
  }
  // the bins in colour order (as a scan of all bins would give), each its mean colour and count; the scratch cleared
  const used = touched.subarray(0, bins).sort();
  const px = new Float64Array(3 * bins);
  const w = new Float64Array(bins);
  used.forEach((bin, k) => {
    const n = count[bin]!;
    px[3 * k] = sum[3 * bin]! / n;
    px[3 * k + 1] = sum[3 * bin + 1]! / n;
    px[3 * k + 2] = sum[3 * bin + 2]! / n;
    w[k] = n;
    count[bin] = 0;
    sum[3 * bin] = sum[3 * bin + 1] = sum[3 * bin + 2] = 0;
  });
  const centres = medianCut(px, w, COLOURS);
  kMeans(px, w, centres, KMEANS_STEPS);
  const palette = new Uint8Array(3 * 256);
  for (let i = 0; i < centres.length; i++) palette[i] = Math.max(0, Math.min(255, Math.round(centres[i]!)));
  return palette;
}

/** Colour bins at 6 bits per channel: counts and sums, zero between uses, allocated once. */
let scratch: { count: Float64Array; sum: Float64Array; touched: Uint32Array } | undefined;
function binScratch() {
  return (scratch ??= {
    count: new Float64Array(1 << 18),
    sum: new Float64Array(3 << 18),
    touched: new Uint32Array(1 << 18),
  });
}

/** The pixels' own colours when there are at most 255 of them (drawings, flat backgrounds): then nothing is lost. */
function fewColours(d: Uint8Array): Uint8Array | undefined {
  const seen = new Set<number>();
  for (let p = 0; p < d.length; p += 3) {
    seen.add((d[p]! << 16) | (d[p + 1]! << 8) | d[p + 2]!);
    if (seen.size > COLOURS) return undefined;
  }
  const palette = new Uint8Array(3 * 256);
  [...seen].forEach((c, j) => palette.set([c >> 16, (c >> 8) & 255, c & 255], 3 * j));
  return palette;
}

/** Splits the box with the largest weighted spread at its weighted median until there are `n` boxes; their weighted
 * means. */
function medianCut(px: Float64Array, w: Float64Array, n: number): Float64Array {
  let boxes: Uint32Array[] = [Uint32Array.from({ length: w.length }, (_, i) => i)];
  const spread = (b: Uint32Array) => {
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    let weight = 0;
    for (const i of b) {
      weight += w[i]!;
      for (let c = 0; c < 3; c++)
        ((lo[c] = Math.min(lo[c]!, px[3 * i + c]!)), (hi[c] = Math.max(hi[c]!, px[3 * i + c]!)));
    }
    const r = [hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!];
    const c = r.indexOf(Math.max(...r));
    return { c, score: r[c]! * weight };
  };
  const scores = boxes.map(spread);
  while (boxes.length < n) {
    let best = -1;
    for (let i = 0; i < boxes.length; i++)
      if (boxes[i]!.length > 1 && (best < 0 || scores[i]!.score > scores[best]!.score)) best = i;
    if (best < 0 || scores[best]!.score <= 0) break;
    const c = scores[best]!.c;
    const sorted = byChannel(boxes[best]!, px, c);
    const half = sorted.reduce((s, i) => s + w[i]!, 0) / 2;
    let [acc, cut] = [0, 1];
    for (; cut < sorted.length - 1 && (acc += w[sorted[cut - 1]!]!) < half; cut++);
    const parts = [Uint32Array.from(sorted.slice(0, cut)), Uint32Array.from(sorted.slice(cut))];
    boxes = [...boxes.slice(0, best), ...parts, ...boxes.slice(best + 1)];
    scores.splice(best, 1, ...parts.map(spread));
  }
  const centres = new Float64Array(3 * n);
  boxes.forEach((b, j) => {
    let weight = 0;
    for (const i of b) weight += w[i]!;
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (const i of b) s += px[3 * i + c]! * w[i]!;
      centres[3 * j + c] = weight ? s / weight : 0;
    }
  });
  return centres;
}

/** The entries of a box in increasing order of one channel (to 1/1024 of a level; ties by entry), by a numeric sort of
 * packed keys (value · 2^18 + entry: exact in a double), several times faster than a comparator. */
function byChannel(box: Uint32Array, px: Float64Array, c: number): Uint32Array {
  const keys = new Float64Array(box.length);
  for (let k = 0; k < box.length; k++) keys[k] = Math.round(px[3 * box[k]! + c]! * 1024) * 262144 + box[k]!;
  keys.sort();
  const out = new Uint32Array(box.length);
  for (let k = 0; k < keys.length; k++) out[k] = keys[k]! % 262144;
  return out;
}

/** Weighted Lloyd steps: each centre moves to the weighted mean of the colours nearest to it. */
function kMeans(px: Float64Array, w: Float64Array, centres: Float64Array, steps: number): void {
  const n = centres.length / 3;
  const assigned = new Int32Array(w.length).fill(-1);
  for (let s = 0; s < steps; s++) {
    const sum = new Float64Array(3 * n);
    const count = new Float64Array(n);
    const search = new NearestSearch(centres);
    for (let i = 0, p = 0; i < w.length; i++, p += 3) {
      // last step's centre is a good first guess: the search then stops sooner
      const j = (assigned[i] = search.of(px[p]!, px[p + 1]!, px[p + 2]!, assigned[i]!));
      const wi = w[i]!;
      sum[3 * j] = sum[3 * j]! + wi * px[p]!;
      sum[3 * j + 1] = sum[3 * j + 1]! + wi * px[p + 1]!;
      sum[3 * j + 2] = sum[3 * j + 2]! + wi * px[p + 2]!;
      count[j] = count[j]! + wi;
    }
    for (let j = 0; j < n; j++)
      if (count[j]) for (let c = 0; c < 3; c++) centres[3 * j + c] = sum[3 * j + c]! / count[j]!;
  }
}

/** GIF's variable-width LZW of 8-bit indices, in sub-blocks of at most 255 bytes. */
function lzw(indices: Uint8Array, out: ByteWriter): void {
  const minSize = 8;
  const clear = 1 << minSize;
  const end = clear + 1;
  out.bytes([minSize]);
  const block = new Uint8Array(255);
  let blockLength = 0;
  let bits = 0;
  let nbits = 0;
  const flushByte = (v: number) => {
    block[blockLength++] = v;
    if (blockLength === 255) {
      out.bytes([255]);
      out.bytes(block);
      blockLength = 0;
    }
  };
  let size = minSize + 1;
  const emit = (code: number) => {
    bits |= code << nbits;
    nbits += size;
    while (nbits >= 8) {
      flushByte(bits & 0xff);
      bits >>>= 8;
      nbits -= 8;
    }
  };
  // dictionary: (prefix code << 8 | byte) → code, open addressing
  const HASH = 1 << 13;
  const keys = new Int32Array(HASH);
  const codes = new Int16Array(HASH);
  let next = end + 1;
  const reset = () => {
    keys.fill(-1);
    next = end + 1;
    size = minSize + 1;
  };
  reset();
  emit(clear);
  let prefix = indices[0]!;
  for (let i = 1; i < indices.length; i++) {
    const c = indices[i]!;
    const key = (prefix << 8) | c;
    let h = Math.imul(key, 0x9e3779b1) >>> 19;
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & (HASH - 1);
    if (keys[h] === key) {
      prefix = codes[h]!;
      continue;
    }
    emit(prefix);
    if (next < 4096) {
      keys[h] = key;
      codes[h] = next++;
      // the decoder widens its codes one entry later than the encoder adds it
      if (next > 1 << size && size < 12) size++;
    } else {
      emit(clear);
      reset();
    }
    prefix = c;
  }
  emit(prefix);
  emit(end);
  if (nbits > 0) flushByte(bits & 0xff);
  if (blockLength) {
    out.bytes([blockLength]);
    out.bytes(block.subarray(0, blockLength));
  }
  out.bytes([0]);
}

class ByteWriter {
  private chunks: Uint8Array[] = [];
  private buf = new Uint8Array(1 << 16);
  private at = 0;

  bytes(b: ArrayLike<number>): void {
    if (this.at + b.length > this.buf.length) this.flush(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  u16(v: number): void {
    this.bytes([v & 0xff, (v >> 8) & 0xff]);
  }

  private flush(need: number): void {
    this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = new Uint8Array(Math.max(1 << 16, need));
    this.at = 0;
  }

  finish(): Uint8Array {
    this.flush(0);
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of this.chunks) (out.set(c, o), (o += c.length));
    return out;
  }
}
