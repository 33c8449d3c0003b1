// `ganimate transfer` end to end with a random-weight GeoGAN graph: a photo in the wild takes the
// attribute of a faces128 crop (found through the padded second look); outside the face nothing changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readImage } from '../../src/image/image-io.js';
import { GeoGANGenerator } from '../../src/models/geogan/networks/index.js';
import { geoganTransferGraph } from '../../src/models/geogan/export-geogan.js';
import { writeOnnx } from '../../src/onnx/write-onnx.js';
import { engineAvailable, manualSeed } from '../../src/torch/index.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'ganimate.js');
const photo = join(root, 'assets', 'astronaut.png');
const faces = join(root, '..', 'shared', 'datasets', 'faces128', 'imgs');
const skip = engineAvailable()
  ? false
  : 'the libtorch engine is not built (npm run build:native): the test traces a random-weight model';

describe('ganimate transfer (GeoGAN, random weights)', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganimate-transfer-'));
  const model = join(dir, 'geogan-smile.onnx');
  const run = (...a: string[]) => spawnSync(process.execPath, [bin, 'transfer', ...a], { encoding: 'utf8', cwd: dir });

  it('writes the target with the reference face transferred; pixels away from the face are untouched', async () => {
    manualSeed(2);
    const G = new GeoGANGenerator({ imageSize: 128, ngf: 4, nDownsample: 3, nBlocks: 1 });
    writeOnnx(model, geoganTransferGraph(G, 0.1));
    G.dispose();
    const reference = join(faces, readdirSync(faces).sort()[3]!);
    const out = join(dir, 'out.png');
    const r = run(photo, '--from', reference, '-o', out, '--model', model, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).faces, 1);
    const [a, b] = [await readImage(photo), await readImage(out)];
    assert.deepEqual([b.width, b.height], [a.width, a.height]);
    let changed = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) changed++;
    assert.ok(changed > 1000, `the face changed (${changed} values)`);
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++)
        for (let c = 0; c < 3; c++) assert.equal(b.data[(y * a.width + x) * 3 + c], a.data[(y * a.width + x) * 3 + c]);
    const hd = run(photo, '--from', reference, '-o', join(dir, 'hd.png'), '--model', model, '--high-res');
    assert.equal(hd.status, 0, hd.stderr);
    assert.notDeepEqual(
      (await readImage(join(dir, 'hd.png'))).data,
      b.data,
      'the HD path warps the full-resolution reference instead',
    );
  });

  it('errors say what to do: missing --from, a missing model, a file that is not an image', () => {
    assert.match(run(photo, '-o', 'x.jpg').stderr, /--from <reference photo>/);
    assert.match(
      run(photo, '--from', photo, '-o', 'x.jpg', '--model', join(dir, 'nope.onnx')).stderr,
      /nope.onnx does not exist/,
    );
    assert.match(
      run(photo, '--from', photo, '-o', 'x.jpg', '--attribute', 'beard').stderr,
      /unknown attribute "beard"/,
    );
    writeFileSync(join(dir, 'not-an-image.jpg'), 'hello');
    const bad = run(join(dir, 'not-an-image.jpg'), '--from', photo, '-o', 'x.jpg', '--model', model);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /not an image ganimate can read/);
    assert.match(
      run(photo, '--from', photo, '-o', 'x.jpg', '--model', join(root, 'README.md')).stderr,
      /not a model ONNX Runtime can load/,
    );
  });
});
