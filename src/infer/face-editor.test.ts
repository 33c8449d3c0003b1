import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { parseAuList, parseEmotion } from '../au/index.js';
import { apply } from '../face/similarity.js';
import { featherAt } from '../face/paste.js';
import { readImage } from '../image/image-io.js';
import { grid } from '../image/rgb-image.js';
import { writeRandomModels } from '../../tests/support/random-models.js';
import { interpolate } from './animation.js';
import { writeAnimation } from '../video/frame-sink.js';
import { FaceEditor } from './face-editor.js';
import { FieldError } from './request.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ganimate-infer-'));
const models = writeRandomModels(dir);

describe('FaceEditor (random-weight 128 px models on ONNX Runtime)', async () => {
  const editor = await FaceEditor.load(models);
  const photo = await readImage(join(root, 'assets', 'astronaut.png'));
  const prepared = await editor.prepare(photo, 'astronaut.png');
  after(() => editor.dispose());

  it('edits the face of a photo and leaves everything outside the face region bit-identical', async () => {
    const [happy, sad] = await editor.render(prepared, [[parseEmotion('happy')], [parseEmotion('sad')]]);
    assert.equal(prepared.faces.length, 1);
    let inside = 0;
    let changed = 0;
    const toCrop = prepared.faces[0]!.toCrop;
    for (let y = 0; y < photo.height; y++) {
      for (let x = 0; x < photo.width; x++) {
        const [u, v] = apply(toCrop, [x, y]);
        const i = (y * photo.width + x) * 3;
        const same =
          happy!.data[i] === photo.data[i] &&
          happy!.data[i + 1] === photo.data[i + 1] &&
          happy!.data[i + 2] === photo.data[i + 2];
        if (featherAt(u, v, editor.size) === 0) assert.ok(same, `pixel ${x},${y} outside the face changed`);
        else if ((inside++, !same)) changed++;
      }
    }
    assert.ok(changed > inside * 0.2, `${changed} of ${inside} face pixels changed`);
    assert.notDeepEqual(happy!.data, sad!.data, 'different targets give different edits');
  });

  it('edits every face of a photo with several faces', async () => {
    const two = grid([photo, photo], 2, 0);
    const p2 = await editor.prepare(two, 'two.png');
    assert.equal(p2.faces.length, 2);
    const [out] = await editor.render(p2, [[parseEmotion('happy'), parseEmotion('sad')]]);
    const centre = (f: number) => p2.faces[f]!.detected!.landmarks[30]!.map(Math.round) as [number, number];
    for (const f of [0, 1]) {
      const [x, y] = centre(f);
      const i = (y * two.width + x) * 3;
      assert.notDeepEqual([...out!.data.subarray(i, i + 3)], [...two.data.subarray(i, i + 3)], `face ${f} unchanged`);
    }
  });

  it('estimates 17 raw AUs in 0–5 per face', async () => {
    const [aus] = await editor.estimate(prepared);
    assert.equal(aus!.length, 17);
    assert.ok(aus!.every((v) => v >= 0 && v <= 5));
  });

  it('edits already aligned 128×128 crops directly, and refuses other sizes under --aligned', async () => {
    const ids = readFileSync(join(root, '..', 'shared', 'datasets', 'faces128', 'test_ids.csv'), 'utf8').split('\n');
    const crop = await readImage(join(root, '..', 'shared', 'datasets', 'faces128', 'imgs', `${ids[0]}.jpg`));
    const [out] = await editor.render(await editor.prepare(crop, 'crop.jpg', true), [[parseAuList('12=4')]]);
    assert.deepEqual([out!.width, out!.height], [128, 128]);
    // the field is named, so that the CLI and the server can each spell it their way (their tests)
    await assert.rejects(editor.prepare(photo, 'astronaut.png', true), (e: Error) => {
      assert.ok(e instanceof FieldError && e.field === 'aligned');
      assert.match(e.message, /is 512×512, but aligned expects 128×128 crops; leave aligned out/);
      return true;
    });
  });

  it('animates from the face’s own AUs to a target as GIF and WebP with every frame', async () => {
    const [source] = await editor.estimate(prepared);
    const steps = interpolate(source!, parseEmotion('surprise'), 4);
    assert.deepEqual([...steps[0]!], [...source!]);
    const frames = await editor.render(
      prepared,
      steps.map((s) => [s]),
    );
    for (const ext of ['gif', 'webp']) {
      const out = join(dir, `anim.${ext}`);
      await writeAnimation(out, frames, 8);
      const meta = await sharp(out, { animated: true }).metadata();
      assert.equal(meta.pages, 4, ext);
      assert.equal(meta.pageHeight, 512, ext);
    }
    await assert.rejects(
      writeAnimation(join(dir, 'anim.avi'), frames, 8),
      /name the output \*\.gif, \*\.webp, \*\.mp4 or a folder/,
    );
  });
});
