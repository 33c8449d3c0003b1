import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Point } from './detector.js';
import { insidePolygon } from './polygon.js';

it('insidePolygon: a square, and the notch of a concave outline', () => {
  const square: Point[] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  assert.equal(insidePolygon([5, 5], square), true);
  assert.equal(insidePolygon([11, 5], square), false);
  assert.equal(insidePolygon([5, -1], square), false);
  // a U: the notch between its arms is outside
  const u: Point[] = [
    [0, 0],
    [3, 0],
    [3, 6],
    [7, 6],
    [7, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  assert.equal(insidePolygon([5, 3], u), false);
  assert.equal(insidePolygon([1.5, 3], u), true);
  assert.equal(insidePolygon([5, 8], u), true);
});
