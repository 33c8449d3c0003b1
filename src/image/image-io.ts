// Reading and writing photos through sharp (prebuilt libvips from npm), with errors that say what to do.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { RgbImage } from './rgb-image.js';

export class ImageError extends GanimateError {}
export class ImageTooLargeError extends ImageError {}

export const DEFAULT_MAX_PIXELS = 50_000_000;
const WRITABLE = ['.jpg', '.jpeg', '.png', '.webp'];

/** Decodes a photo (JPEG, PNG, WebP, GIF, TIFF, AVIF…) to RGB, EXIF rotation applied, alpha flattened on white. */
export async function readImage(source: string | Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): Promise<RgbImage> {
  const name = typeof source === 'string' ? source : 'the uploaded image';
  if (typeof source === 'string' && !existsSync(source)) throw new ImageError(`${source} does not exist`);
  let meta: Metadata;
  try {
    // the header alone, whatever size it declares: the limit below is ours, with a message
    meta = await sharp(source, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageError(`${name} is not an image ganimate can read; use JPEG, PNG, WebP, GIF, TIFF or AVIF`);
  }
  // a vector drawing costs what it declares to rasterise, whatever its bytes, and is never a photo
  if (meta.format === 'svg')
    throw new ImageError(`${name} is an SVG drawing; send a photo (JPEG, PNG, WebP, GIF, TIFF or AVIF)`);
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > maxPixels) {
    throw new ImageTooLargeError(
      `${name} has ${meta.width}×${meta.height} = ${(pixels / 1e6).toFixed(1)} megapixels, over the limit of ${(maxPixels / 1e6).toFixed(0)}; downscale it first`,
    );
  }
  try {
    const { data, info } = await sharp(source, { limitInputPixels: maxPixels })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (e) {
    throw new ImageError(`${name} could not be decoded (${(e as Error).message}); is the file complete?`);
  }
}

/** The image resized to width × height (Lanczos). */
export async function resizeImage(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  const raw = { width: img.width, height: img.height, channels: 3 as const };
  const data = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), { raw })
    .resize(width, height, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The region (left, top, width, height; inside the image) resized to width × height (Lanczos), in one libvips pass. */
export async function cropResizeImage(
  img: RgbImage,
  region: { left: number; top: number; width: number; height: number },
  width: number,
  height: number,
): Promise<RgbImage> {
  const raw = { width: img.width, height: img.height, channels: 3 as const };
  const data = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), { raw })
    .extract(region)
    .resize(width, height, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Encodes by extension (.jpg, .png, .webp) and writes atomically. */
export async function writeImage(path: string, img: RgbImage, quality = 95): Promise<void> {
  writeFileAtomic(path, await encodeImage(img, extname(path).toLowerCase(), quality));
}

export async function encodeImage(img: RgbImage, ext: string, quality = 95): Promise<Uint8Array> {
  const s = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 3 },
  });
  if (ext === '.jpg' || ext === '.jpeg') return s.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
  if (ext === '.png') return s.png().toBuffer();
  if (ext === '.webp') return s.webp({ quality }).toBuffer();
  throw new ImageError(`cannot write "${ext}" images; name the output ${WRITABLE.map((e) => `*${e}`).join(', ')}`);
}
