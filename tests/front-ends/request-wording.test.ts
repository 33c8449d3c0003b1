// The request schema seen from both front ends (tests here, not in src/infer, which may not import them): the CLI and
// the server read the same defaults, and word the same typed errors each their own way.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { animate } from '../../src/cli/commands/animate.js';
import { cliMessage } from '../../src/cli/error-wording.js';
import { FieldError, ModelMissingError, REQUEST_FIELDS } from '../../src/infer/request.js';
import { classify } from '../../src/server/error-reply.js';
import { parseAnimateParams, parseReenactParams } from '../../src/server/params.js';

it('the CLI and the server take their defaults from the one table', () => {
  assert.equal(animate.options.frames!.default, String(REQUEST_FIELDS.frames.default));
  assert.equal(animate.options.fps!.default, String(REQUEST_FIELDS.fps.default));
  const p = parseAnimateParams('{"emotion":"happy"}', false, { maxFrames: 120 });
  assert.deepEqual([p.frames, p.fps, p.format], [REQUEST_FIELDS.frames.default, REQUEST_FIELDS.fps.default, 'gif']);
  const r = parseReenactParams(undefined);
  assert.deepEqual([r.mode, r.format, r.minCutoff, r.beta], ['relative', 'mp4', 0.2, 0.2]);
});

it('typed errors worded by each front end in one place: the CLI spells flags, the server fields and a status', () => {
  const past = new FieldError('neutralFrame', (f) => `${f} 90 is past the last driver frame with a face`);
  assert.equal(cliMessage(past), '--neutral-frame 90 is past the last driver frame with a face');
  assert.deepEqual(classify(past), {
    status: 400,
    internal: false,
    message: '"neutralFrame" 90 is past the last driver frame with a face',
  });
  const missing = new ModelMissingError('estimator', 'estimating AUs');
  assert.equal(cliMessage(missing), 'estimating AUs needs an AU estimator model: pass --estimator <au-estimator.onnx>');
  assert.equal(classify(missing).status, 501);
  assert.match(classify(missing).message, /which this server was started without \(ganimate serve --estimator/);
});
