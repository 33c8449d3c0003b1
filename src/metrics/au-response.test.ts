import assert from 'node:assert/strict';
import { it } from 'node:test';
import { AuResponseMeter } from './au-response.js';

const aus = (values: Record<number, number>) => {
  const v = new Float32Array(17);
  for (const [i, x] of Object.entries(values)) v[Number(i)] = x;
  return v;
};

it('AU response: the share of the asked change delivered, per AU and direction', () => {
  const m = new AuResponseMeter();
  // AU12 (index 8) asked up 3 and up 1 from 0.5, delivered 1.5 and 0.5: half of the way
  m.add(aus({ 8: 3.5 }), aus({ 8: 0.5 }), aus({ 8: 2 }));
  m.add(aus({ 8: 1.5 }), aus({ 8: 0.5 }), aus({ 8: 1 }));
  // AU04 (index 2) asked down 2, moved up 0.4: the wrong way
  m.add(aus({ 2: 0 }), aus({ 2: 2 }), aus({ 2: 2.4 }));
  // AU01 asked 0.3: below the threshold, not counted either way
  m.add(aus({ 0: 0.3 }), aus({}), aus({ 0: 3 }));
  const s = m.summary();
  assert.deepEqual(s.perAu.AU12!.raised, { asked: 2, delivered: 1, share: 0.5, count: 2 });
  assert.equal(s.perAu.AU12!.lowered.count, 0);
  assert.ok(Number.isNaN(s.perAu.AU12!.lowered.share));
  assert.ok(Math.abs(s.perAu.AU04!.lowered.share - -0.2) < 1e-6);
  assert.equal(s.perAu.AU01!.raised.count, 0);
  assert.equal(s.raised.count, 2);
  assert.equal(s.lowered.count, 1);
  assert.equal(s.raised.share, 0.5);
});

it('AU response: the mean AU error split by what was asked sums to the whole, beside doing nothing', () => {
  const m = new AuResponseMeter();
  // AU12 raised 3 (delivered 2: error 1), AU04 lowered 2 (delivered 0.5: error 1.5), AU01 held (asked 0.3, read 0.5
  // beyond it: error 0.2); every other AU 0 everywhere
  m.add(aus({ 8: 3, 2: 0, 0: 0.3 }), aus({ 2: 2 }), aus({ 8: 2, 2: 1.5, 0: 0.5 }));
  m.add(aus({}), aus({}), aus({}));
  const { raised, lowered, held } = m.summary().error;
  const entries = 2 * 17;
  assert.ok(Math.abs(raised.edit - 1 / entries) < 1e-9 && Math.abs(raised.doNothing - 3 / entries) < 1e-9);
  assert.ok(Math.abs(lowered.edit - 1.5 / entries) < 1e-9 && Math.abs(lowered.doNothing - 2 / entries) < 1e-9);
  assert.ok(Math.abs(held.edit - 0.2 / entries) < 1e-6 && Math.abs(held.doNothing - 0.3 / entries) < 1e-6);
  assert.deepEqual([raised.count, lowered.count, held.count], [1, 1, entries - 2]);
  const mean = (raised.edit + lowered.edit + held.edit) * entries;
  assert.ok(Math.abs(mean - 2.7) < 1e-6, 'the parts sum to the mean error');
});
