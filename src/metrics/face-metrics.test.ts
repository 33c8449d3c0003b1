import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuErrorMeter, IdentityMeter } from './face-metrics.js';

it('AU error: per-AU mean absolute error on the raw scale, streamed', () => {
  const m = new AuErrorMeter();
  const zero = new Float32Array(17);
  const t = new Float32Array(17);
  t[8] = 4; // AU12
  m.add(t, zero);
  t[8] = 2;
  m.add(t, zero);
  const s = m.summary();
  assert.equal(s.perAu.AU12, 3);
  assert.equal(s.perAu.AU01, 0);
  assert.equal(s.mean, 3 / 17);
  assert.equal(s.count, 2);
});

it('identity: mean distance and the share under the same-person threshold', () => {
  const m = new IdentityMeter();
  [0.2, 0.5, 0.9, 0.4].forEach((d) => m.add(d));
  assert.deepEqual(m.summary(), { mean: 0.5, samePersonShare: 0.75, count: 4 });
});
