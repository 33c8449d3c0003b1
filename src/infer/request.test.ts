import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  readBool,
  readChoice,
  readNumber,
  readTarget,
  REQUEST_FIELDS,
  RequestError,
  requestSchema,
} from './request.js';

it('request fields: defaults, limits, flag text and JSON values alike, errors that name the field', () => {
  assert.equal(readNumber('frames', undefined), 24);
  assert.equal(readNumber('frames', '30'), 30);
  assert.equal(readNumber('frames', 30), 30);
  assert.equal(readNumber('fps', '7.5'), 7.5);
  assert.equal(readNumber('driverFace', undefined), undefined, 'no default: the caller decides');
  const tooMany = (() => {
    try {
      readNumber('frames', 700);
    } catch (e) {
      return e as RequestError;
    }
  })()!;
  assert.ok(tooMany instanceof RequestError);
  assert.equal(tooMany.message, 'frames must be a whole number from 2 to 600, got 700');
  assert.equal(
    tooMany.spelled((f) => `--${f}`),
    '--frames must be a whole number from 2 to 600, got 700',
  );
  assert.throws(() => readNumber('frames', 11, { max: 10 }), /frames must be a whole number from 2 to 10, got 11/);
  assert.throws(() => readNumber('frames', 2.5), /whole number/);
  assert.throws(() => readNumber('fps', ''), /fps must be a number from 0.1 to 60, got ""/);
  assert.throws(() => readNumber('neutralFrame', -1, { as: 'neutral-frame' }), /^RequestError: neutral-frame must/);
  assert.equal(readChoice('mode', undefined), 'relative');
  assert.throws(() => readChoice('imageFormat', 'bmp', 'format'), /format must be one of jpg, png, webp, got "bmp"/);
  assert.equal(readBool('smoothing', undefined), true);
  assert.equal(readBool('aligned', 'true'), true);
  assert.throws(() => readBool('aligned', 'yes'), /aligned must be true or false/);
  assert.deepEqual(requestSchema({ maxFrames: 10 }).frames, { ...REQUEST_FIELDS.frames, max: 10 });
});

it('request target: an emotion base with AUs on top, as flag text, a JSON object or a list of 17', () => {
  assert.equal(readTarget({}), undefined);
  const text = readTarget({ emotion: 'happy', au: '12=1.5' })!;
  const object = readTarget({ emotion: 'happy', au: { 12: 1.5 } })!;
  assert.deepEqual([...text], [...object]);
  assert.equal(text[8], 1.5, 'AU12 set on top of happy');
  assert.ok(text[4]! > 0, "happy's AU6 kept");
  assert.deepEqual([...readTarget({ au: Array(17).fill(1) })!], Array(17).fill(1));
  assert.throws(() => readTarget({ au: [1, 2] }), /au must be all 17 intensities/);
  assert.throws(() => readTarget({ au: { 12: 'NaN' } }), /au\.12 must be a number/);
  assert.throws(() => readTarget({ emotion: 3 }), /emotion must be a string/);
});
