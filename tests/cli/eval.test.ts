// End-to-end: `ganimate eval` on faces128's test split (a random-weight generator and one that returns its input)
// and on folders of images.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { writeIdentityFlowModel } from '../support/random-models.js';
import { cliSandbox, faces128 as dataset } from '../support/cli-sandbox.js';

const { dir, models, M, ganimate } = cliSandbox('eval');

describe('ganimate eval', () => {
  it('eval: AU error and identity of edits on the test split, beside the do-nothing edit', async () => {
    const r = ganimate('eval', '--data', dataset, '--samples', '3', '--json', ...M);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.samples, 3);
    assert.ok(Number.isFinite(s.auError.mean) && Number.isFinite(s.doNothing.auError.mean));
    assert.equal(Object.keys(s.auError.perAu).length, 17);
    assert.ok(Number.isFinite(s.hogAuError.mean) && Number.isFinite(s.doNothing.hogAuError.mean), 'the second judge');
    assert.equal(s.realTarget.auError.count, 3, "the judges' floor: the target's own photo, read");
    assert.equal(s.realTarget.hogAuError.count, 3);
    assert.ok(s.identity.mean > 0 && s.identity.mean < 2, `identity ${s.identity.mean}`);
    assert.equal(s.doNothing.identity.mean, 0);
    // the looks: every key scripts read, the gates, and the sample sheet beside them
    for (const k of ['artefactRatio', 'colourShift', 'faceFoundShare', 'faceKeptShare'])
      assert.ok(Number.isFinite(s[k]), k);
    assert.ok(s.reconstruction.psnr > 0 && s.reconstruction.ssim <= 1);
    for (const side of ['edit', 'doNothing'])
      for (const k of ['kid', 'fid', 'swd']) assert.ok(Number.isFinite(s.realism[side][k]), `realism.${side}.${k}`);
    assert.equal(
      s.gates.length,
      16,
      'eight (the AU error by both judges), the apparent sex kept, KID, SWD, the presets’ lightness shift, their real-looking mouths and eyes, together and at the worst preset, and the detail their parts keep (a paint generator has no warp to fold)',
    );
    for (const side of ['edit', 'selfReconstruction']) {
      const a = s.apparentAge[side];
      assert.ok(a.count === 3 && a.ageShift >= Math.abs(a.signedAgeShift) && a.sexKeptShare <= 1, JSON.stringify(a));
    }
    // the edits that changed the person most, named and shown (input beside edit): all three of three here
    const worst = s.apparentAge.worst as { id: string; target: number[]; input: { age: number } }[];
    assert.deepEqual([worst.length, worst[0]!.target.length, typeof worst[0]!.input.age], [3, 17, 'number']);
    const ageSheet = await sharp(join(dir, s.apparentAgeSheet)).metadata();
    assert.deepEqual([ageSheet.width, ageSheet.height], [6 * 128 + 5 * 2, 128], 'three pairs in a row');
    for (const side of ['presets', 'doNothing'])
      for (const part of ['mouth', 'eyes'])
        assert.ok(s.partRealism[side][part] >= 0 && s.partRealism[side][part] <= 1, `partRealism.${side}.${part}`);
    const byPreset = Object.values(s.partRealism.byPreset) as { mouth: number }[];
    assert.equal(byPreset.length, 7, 'each preset on its own');
    const meanMouth = byPreset.reduce((a, v) => a + v.mouth, 0) / byPreset.length;
    assert.ok(Math.abs(meanMouth - s.partRealism.presets.mouth) < 1e-9, 'the presets together are their mean');
    const worstPart = s.gates.find((g: { name: string }) => g.name === 'real-looking mouths and eyes, worst preset');
    const parts = byPreset.flatMap((p) => Object.values(p) as number[]);
    assert.deepEqual([worstPart.value, worstPart.limit], [Math.min(...parts), 0.45], 'the worst preset’s part, gated');
    const detailGate = s.gates.find(
      (g: { name: string }) => g.name === 'detail kept in the mouths and eyes, worst preset',
    );
    const kept = Object.values(s.partDetail.byPreset).flatMap((p) => Object.values(p as object) as number[]);
    assert.deepEqual(
      [kept.length, detailGate.value, detailGate.limit],
      [14, Math.min(...kept), Math.max(s.partDetail.halfPixelBlur.mouth, s.partDetail.halfPixelBlur.eyes)],
      'each preset’s parts, the worst gated against the inputs blurred by half a pixel',
    );
    assert.ok(s.partDetail.halfPixelBlur.mouth > 0.5 && s.partDetail.halfPixelBlur.mouth < 1, 'half a pixel blurs');
    assert.equal(s.passed, false, 'a random generator passes no shipping gates');
    assert.deepEqual([s.sheetColumns.length, s.sheetColumns[0], s.sheetColumns.at(-1)], [20, 'input', 'AU04=5']);
    assert.ok(existsSync(join(dir, s.sheet)), s.sheet);
  });

  it('eval: a generator that returns its input reads as the do-nothing edit (the measurement, checked)', () => {
    const identity = writeIdentityFlowModel(dir);
    const r = ganimate(
      'eval',
      '--data',
      dataset,
      '--samples',
      '3',
      '--json',
      '--sheet',
      join(dir, 'sheets', 'identity-sheet.png'),
      '--model',
      identity,
      '--estimator',
      models.estimator,
    );
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.ok(existsSync(join(dir, 'sheets', 'identity-sheet.png')), 'the sheet’s folder is made');
    assert.ok(Math.abs(s.artefactRatio - 1) < 0.02, `artefact ratio ${s.artefactRatio}`);
    assert.ok(s.colourShift < 0.005, `colour shift ${s.colourShift}`);
    assert.ok(s.presetShift.lightness < 0.005 && s.presetShift.colour < 0.005, JSON.stringify(s.presetShift));
    assert.deepEqual([s.folds.edits.pixelShare, s.folds.presets.pixelShare, s.gates.length], [0, 0, 17]);
    for (const part of ['mouth', 'eyes'])
      assert.ok(Math.abs(s.partDetail.presets[part] - 1) < 0.02, `an edit that is its input keeps its detail: ${part}`);
    assert.deepEqual(
      [s.apparentAge.edit.ageShift, s.apparentAge.edit.sexKeptShare],
      [0, 1],
      'an edit that is its input moves no apparent age or sex',
    );
    for (const part of ['mouth', 'eyes'])
      assert.ok(
        Math.abs(s.partRealism.presets[part] - s.partRealism.doNothing[part]) <= 0.05,
        `presets that change nothing look as real as the inputs: ${JSON.stringify(s.partRealism)}`,
      );
    assert.ok(s.reconstruction.psnr > 45 && s.reconstruction.ssim > 0.999, JSON.stringify(s.reconstruction));
    assert.ok(s.identity.mean < 0.02, `identity ${s.identity.mean}`);
    assert.ok(Math.abs(s.auError.mean - s.doNothing.auError.mean) < 0.01);
    assert.ok(Math.abs(s.hogAuError.mean - s.doNothing.hogAuError.mean) < 0.01, 'the HOG reader too');
    // of the change each target asks, an edit that is its input delivers none by either judge; the target's own photo
    // most of it, by the real reader (this test's estimator is a random net)
    for (const judge of ['estimator', 'reader']) {
      const edit = s.auResponse.edit[judge];
      assert.ok(edit.raised.count + edit.lowered.count > 0, `${judge}: changes asked`);
      for (const d of ['raised', 'lowered'])
        if (edit[d].count) assert.ok(Math.abs(edit[d].share) < 0.02, `${judge} ${d}: ${JSON.stringify(edit[d])}`);
      // the AU error split by what was asked sums to the whole; the identity edit's parts are doing nothing's
      const parts = ['raised', 'lowered', 'held'].map((k) => edit.error[k]);
      const whole = judge === 'estimator' ? s.auError.mean : s.hogAuError.mean;
      assert.ok(Math.abs(parts.reduce((a, p) => a + p.edit, 0) - whole) < 1e-6, `${judge}: ${JSON.stringify(parts)}`);
      for (const p of parts) assert.ok(Math.abs(p.edit - p.doNothing) < 0.02 * whole + 1e-9, JSON.stringify(p));
    }
    const real = s.auResponse.realTarget.reader;
    for (const d of ['raised', 'lowered']) assert.ok(real[d].share > 0.3, `the real photo: ${JSON.stringify(real)}`);
    assert.equal(s.faceFoundShare, s.doNothing.faceFoundShare);
    if (s.doNothing.faceFoundShare > 0) assert.equal(s.faceKeptShare, 1);
    assert.ok(
      Math.abs(s.realism.edit.swd - s.realism.doNothing.swd) < 0.02 * s.realism.doNothing.swd,
      JSON.stringify(s.realism),
    );
  });

  it('eval: FID/KID named by their extractor, SWD, paired SSIM and MS-SSIM, the real set cached', () => {
    const ids = readFileSync(join(dataset, 'test_ids.csv'), 'utf8').split('\n');
    for (const [name, slice] of [
      ['real', ids.slice(10, 16)],
      ['fake', ids.slice(16, 22)],
    ] as const) {
      mkdirSync(join(dir, name), { recursive: true });
      for (const id of slice) copyFileSync(join(dataset, 'imgs', `${id}.jpg`), join(dir, name, `${id}.jpg`));
    }
    const r = ganimate(
      'eval',
      '--real',
      join(dir, 'real'),
      '--fake',
      join(dir, 'fake'),
      '--metrics',
      'fid,kid,swd',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(r.out);
    assert.ok(m['fid[faceapi128]'] > 0 && Number.isFinite(m['kid[faceapi128]']) && m.swd > 0, r.out);
    assert.equal(m['real_features_cached[faceapi128]'], false);
    const again = JSON.parse(
      ganimate('eval', '--real', join(dir, 'real'), '--fake', join(dir, 'fake'), '--metrics', 'fid', '--json').out,
    );
    assert.equal(again['real_features_cached[faceapi128]'], true);
    assert.equal(again['fid[faceapi128]'], m['fid[faceapi128]']);
    const same = JSON.parse(
      ganimate('eval', '--real', join(dir, 'real'), '--fake', join(dir, 'real'), '--metrics', 'ssim,msssim', '--json')
        .out,
    );
    assert.deepEqual([same.ssim, same.msssim, same.pairs, same.pairing], [1, 1, 6, 'by name']);
    const other = JSON.parse(
      ganimate('eval', '--real', join(dir, 'real'), '--fake', join(dir, 'fake'), '--metrics', 'fid,kid,ssim', '--json')
        .out,
    );
    assert.deepEqual([other.pairs, other.pairing], [6, 'by position']);
    assert.ok(other.ssim > 0 && other.ssim < 1, `ssim of different faces ${other.ssim}`);
    const is = ganimate('eval', '--real', join(dir, 'real'), '--fake', join(dir, 'fake'), '--metrics', 'is');
    assert.equal(is.code, 2);
    assert.match(is.err, /IS and m-IS need a classifier/);
    assert.match(
      ganimate('eval', '--real', join(dir, 'real'), '--fake', join(dir, 'nowhere')).err,
      /is not a folder of images/,
    );
  });
});
