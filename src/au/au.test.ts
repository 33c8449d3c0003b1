import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuError, auIndex, describe, normalise, OPENFACE_COLUMNS, parseAuList, parseEmotion } from './index.js';

it('AU order and OpenFace names follow SPEC §1', () => {
  assert.equal(OPENFACE_COLUMNS.length, 17);
  assert.equal(OPENFACE_COLUMNS[0], 'AU01_r');
  assert.equal(OPENFACE_COLUMNS[16], 'AU45_r');
  assert.equal(auIndex(12), 8);
  assert.equal(auIndex('AU45_r'), 16);
});

it('parses AU lists on the raw scale and rejects what it cannot use', () => {
  const v = parseAuList('12=3.5, AU6=2');
  assert.equal(v[8], 3.5);
  assert.equal(v[4], 2);
  assert.equal(normalise(v)[8], Math.fround(0.7));
  assert.throws(
    () => parseAuList('12=7'),
    (e: Error) => e instanceof AuError && /outside the raw AU scale 0–5/.test(e.message),
  );
  assert.throws(() => parseAuList('3=1'), /unknown action unit "3"/);
  assert.throws(() => parseAuList('12:3'), /write AUs like 12=3.5/);
  assert.throws(() => parseAuList('12=NaN'), /write AUs like|outside/);
});

it('emotion presets scale and combine, capped at 5', () => {
  const happy = parseEmotion('happy');
  assert.equal(describe(happy), 'AU6=2.5 AU12=3.5');
  assert.equal(parseEmotion('happiness:0.5')[8], 1.75);
  const mix = parseEmotion('happy:2+contempt');
  assert.equal(mix[8], 5);
  assert.throws(() => parseEmotion('joy'), /unknown emotion "joy"; use one of happy/);
  assert.throws(() => parseEmotion('happy:9'), /from 0 to 2/);
  for (const bad of ['happy:', 'happy: ', 'happy:0x1', 'happy:1e0', 'happy:1:2'])
    assert.throws(() => parseEmotion(bad), /must be a number from 0 to 2 \(e\.g\. happy:0\.8\)/, bad);
  assert.equal(parseEmotion('happy:.5')[8], 1.75);
});
