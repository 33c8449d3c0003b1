import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { readImage } from '../image/image-io.js';
import { blankImage } from '../image/rgb-image.js';
import { alignmentFor, cropAligned, RIGID_POINTS } from './align.js';
import { FaceDetector, greyPad, loadFaceApi, LOOK_SIDE, NoFaceError } from './detector.js';
import { featherAt, pasteEdit, pasteWarpedReference } from './paste.js';
import { apply, fitSimilarity, invert, scaleOf } from './similarity.js';
import { TEMPLATE_68 } from './template.js';

const sample = resolve(import.meta.dirname, '..', '..', '..', 'assets', 'astronaut.png');

describe('face geometry (pure)', () => {
  it('fitSimilarity recovers a known rotation, scale and shift; invert undoes it', () => {
    const t = { a: 0.9 * Math.cos(0.3), b: 0.9 * Math.sin(0.3), tx: 12, ty: -7 };
    const src = [
      [0, 0],
      [10, 3],
      [-4, 8],
      [7, -9],
    ] as [number, number][];
    const fit = fitSimilarity(
      src,
      src.map((p) => apply(t, p)),
    );
    for (const k of ['a', 'b', 'tx', 'ty'] as const) assert.ok(Math.abs(fit[k] - t[k]) < 1e-9, k);
    const [x, y] = apply(invert(t), apply(t, [5, 6]));
    assert.ok(Math.abs(x - 5) < 1e-9 && Math.abs(y - 6) < 1e-9);
  });

  it('the face region is solid in the middle and absent at the crop corners', () => {
    assert.equal(featherAt(64, 66, 128), 1);
    assert.equal(featherAt(0, 0, 128), 0);
    assert.equal(featherAt(127, 127, 128), 0);
    const edge = featherAt(64, 6, 128);
    assert.ok(edge > 0 && edge < 1, `feathered at the top edge: ${edge}`);
  });
});

describe('GeoGAN high-resolution paste (pure)', () => {
  const size = 16;
  const photo = { width: 40, height: 30, data: Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * 37) % 251) };
  const toCrop = { a: 0.5, b: 0, tx: -2, ty: -1 }; // a 32×32 region of the photo is the 16 px crop
  it('a still flow with a full mask copies the reference where the face region is, and nothing outside', () => {
    const out = { ...photo, data: Uint8Array.from(photo.data) };
    const reference = { ...photo, data: photo.data.map((v) => 255 - v) };
    const edit = { flow: new Float32Array(2 * size * size), mask: new Float32Array(size * size).fill(1), size };
    const changed = pasteWarpedReference(out, reference, edit, toCrop, toCrop);
    assert.ok(changed > 100);
    const [cx, cy] = [4 + 16, 2 + 16]; // the crop centre in the photo
    for (let c = 0; c < 3; c++) assert.equal(out.data[(cy * 40 + cx) * 3 + c], reference.data[(cy * 40 + cx) * 3 + c]);
    for (let c = 0; c < 3; c++)
      assert.equal(out.data[(29 * 40 + 39) * 3 + c], photo.data[(29 * 40 + 39) * 3 + c], 'outside the face region');
  });
  it('a flow of one crop pixel in x samples the reference one crop pixel (two photo pixels) to the right', () => {
    const out = { ...photo, data: Uint8Array.from(photo.data) };
    const flow = new Float32Array(2 * size * size);
    flow.fill(2 / (size - 1), 0, size * size);
    pasteWarpedReference(out, photo, { flow, mask: new Float32Array(size * size).fill(1), size }, toCrop, toCrop);
    const [cx, cy] = [20, 18];
    for (let c = 0; c < 3; c++) assert.equal(out.data[(cy * 40 + cx) * 3 + c], photo.data[(cy * 40 + cx + 2) * 3 + c]);
  });
});

describe('faces in the wild (face-api, sample photo)', async () => {
  const detector = await FaceDetector.load();
  const photo = await readImage(sample);
  const [face] = await detector.detectOrThrow(photo, 'astronaut.png');

  it('finds the one face with 68 landmarks inside its box', () => {
    assert.equal(face!.landmarks.length, 68);
    assert.ok(face!.score > 0.9);
    const { x, y, width, height } = face!.box;
    const inside = face!.landmarks.filter(
      ([px, py]) => px > x - 10 && px < x + width + 10 && py > y - 10 && py < y + height + 10,
    );
    assert.ok(inside.length >= 60);
  });

  it('a photo larger than the detectors need is looked at downscaled: the same face, in full-size coordinates', async () => {
    const side = 3 * 1024;
    const big = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(side, side)
      .raw()
      .toBuffer();
    const [large] = await detector.detectOrThrow(
      { width: side, height: side, data: new Uint8Array(big) },
      'the enlarged photo',
    );
    const k = side / photo.width;
    assert.ok(side > 4 * LOOK_SIDE.ssd);
    // landmarks within 2 pixels of the small photo's, in its scale
    const err =
      large!.landmarks.reduce(
        (sum, [x, y], i) => sum + Math.hypot(x / k - face!.landmarks[i]![0], y / k - face!.landmarks[i]![1]),
        0,
      ) / 68;
    assert.ok(err < 2, `landmarks ${err.toFixed(2)} px apart`);
  });

  it('aligns into the canonical frame: landmarks re-detected on the crop sit on the template', async () => {
    // the 256-px canonical frame with 64 px of the real photo around it, so the detector has context
    const m = 64;
    const t = alignmentFor(face!.landmarks, 256);
    const crop = cropAligned(photo, { ...t, tx: t.tx + m, ty: t.ty + m }, 256 + 2 * m);
    const [again] = await detector.detectOrThrow(crop, 'the aligned crop');
    const at = (i: number, k: 0 | 1) => (again!.landmarks[i]![k] - m) / 2;
    const err =
      RIGID_POINTS.reduce((s, i) => s + Math.hypot(at(i, 0) - TEMPLATE_68[i]![0], at(i, 1) - TEMPLATE_68[i]![1]), 0) /
      RIGID_POINTS.length;
    assert.ok(err < 3, `mean rigid-landmark distance ${err.toFixed(2)} px (128 frame)`);
    assert.ok(scaleOf(alignmentFor(face!.landmarks)) > 0.5 && scaleOf(alignmentFor(face!.landmarks)) < 3);
  });

  it('paste-back changes the face and leaves every pixel outside the face region bit-identical', () => {
    const size = 128;
    const toCrop = alignmentFor(face!.landmarks, size);
    const color = new Float32Array(3 * size * size).fill(0.8);
    const attention = new Float32Array(size * size).fill(0.2);
    const edited = { ...photo, data: Uint8Array.from(photo.data) };
    const changed = pasteEdit(edited, { color, attention, size }, toCrop);
    assert.ok(changed > 1000, `${changed} pixels changed`);
    let outside = 0;
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        const [u, v] = apply(toCrop, [x, y]);
        if (featherAt(u, v, size) > 0) continue;
        outside++;
        const i = (y * photo.width + x) * 3;
        for (let c = 0; c < 3; c++)
          assert.equal(edited.data[i + c], photo.data[i + c], `pixel ${x},${y} changed outside the face`);
      }
    }
    assert.ok(outside > photo.width * photo.height * 0.8);
  });

  it('a 24-megapixel photo costs no more WebAssembly memory than any other: only looks and face crops go in', async () => {
    const { tf } = await loadFaceApi();
    const heap = () => (tf.backend() as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    await detector.warmUp();
    const before = heap();
    const [w, h] = [6000, 4000];
    const big = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(w, h, { fit: 'contain', background: '#808080' })
      .raw()
      .toBuffer();
    const [found] = await detector.detectOrThrow({ width: w, height: h, data: new Uint8Array(big) }, 'the big photo');
    // the same face: its landmarks, in the small photo's frame, within 3 % of its size of the small photo's
    const k = Math.min(w / photo.width, h / photo.height);
    const [ox, oy] = [(w - photo.width * k) / 2, (h - photo.height * k) / 2];
    const err =
      found!.landmarks.reduce(
        (sum, [px, py], i) =>
          sum + Math.hypot((px - ox) / k - face!.landmarks[i]![0], (py - oy) / k - face!.landmarks[i]![1]),
        0,
      ) / 68;
    assert.ok(err < 0.03 * face!.box.width, `landmarks ${err.toFixed(2)} px apart`);
    // a full-size tensor alone would be 288 MB (int32)
    assert.ok(
      heap() - before <= 8 * 2 ** 20,
      `WebAssembly heap grew by ${((heap() - before) / 2 ** 20).toFixed(0)} MB`,
    );
  });

  it('tight 128 px crops (faces128): found through a padded second look, landmarks in the crop frame', async () => {
    const dir = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128', 'imgs');
    const files = readdirSync(dir)
      .sort()
      .filter((_, i) => i % 997 === 0)
      .slice(0, 24);
    let found = 0;
    for (const f of files) {
      const [face] = await detector.detect(await readImage(join(dir, f)));
      if (!face) continue;
      found++;
      const [cx, cy] = face.landmarks.reduce(([sx, sy], [x, y]) => [sx + x / 68, sy + y / 68], [0, 0]);
      assert.ok(
        cx > 32 && cx < 96 && cy > 32 && cy < 110,
        `${f}: landmark centre (${cx.toFixed(0)}, ${cy.toFixed(0)}) lies in the crop`,
      );
    }
    assert.ok(found >= 0.9 * files.length, `found a face in ${found} of ${files.length} crops`);
  });

  it('the tightest faces128 crops (forehead and chin cut), which SSD and the tiny detector miss on the crop and SSD on the canvas: the tiny detector on the padded canvas finds them', async () => {
    const dir = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'faces128', 'imgs');
    for (const id of [
      'utk_17_0_0_20170110232017297',
      'utk_22_1_3_20170104222547654',
      'utk_26_0_3_20170119175254874',
      'utk_28_0_2_20170116180337639',
    ]) {
      const [face] = await detector.detect(await readImage(join(dir, `${id}.jpg`)));
      assert.ok(face, `${id}: a face`);
      const [cx, cy] = face.landmarks.reduce(([sx, sy], [x, y]) => [sx + x / 68, sy + y / 68], [0, 0]);
      assert.ok(
        cx > 32 && cx < 96 && cy > 32 && cy < 110,
        `${id}: landmark centre (${cx.toFixed(0)}, ${cy.toFixed(0)}) lies in the crop`,
      );
    }
  });

  it('greyPad centres the image on a grey canvas', () => {
    const img = { width: 3, height: 1, data: Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]) };
    const p = greyPad(img, 2);
    assert.deepEqual([p.width, p.height], [7, 5]);
    assert.deepEqual(
      [...p.data.subarray(2 * 21, 3 * 21)].filter((_, i) => i % 3 === 0),
      [128, 128, 1, 2, 3, 128, 128],
    );
    assert.ok(p.data.subarray(0, 2 * 21).every((v) => v === 128));
  });

  it('a photo without a face is a NoFaceError, never a full-frame edit', async () => {
    const empty = blankImage(200, 200);
    empty.data.fill(128);
    await assert.rejects(
      detector.detectOrThrow(empty, 'grey.png'),
      (e: Error) => e instanceof NoFaceError && /no face found in grey\.png/.test(e.message),
    );
  });
});
