import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seededRandom } from '../random/seeded-random.js';
import { RealManifold } from './manifold-precision.js';

const gauss = (rand: () => number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const cloud = (n: number, d: number, shift: number, seed: number) => {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => gauss(rand) + shift));
};

it('most samples from the real distribution fall inside its manifold; samples off it do not', async () => {
  const manifold = await RealManifold.of(cloud(400, 8, 0, 1), 3);
  const same = await manifold.precision(cloud(200, 8, 0, 2));
  const off = await manifold.precision(cloud(200, 8, 3, 3));
  assert.ok(same > 0.6, `same distribution: ${same}`);
  assert.ok(off < 0.1, `shifted by 3σ: ${off}`);
});

it('a real feature itself is inside (its own ball), and k sets the radius', async () => {
  const real = cloud(50, 4, 0, 4);
  const [k1, k10] = [await RealManifold.of(real, 1), await RealManifold.of(real, 10)];
  assert.equal(await k1.precision(real), 1);
  const probe = cloud(100, 4, 1, 5);
  assert.ok((await k10.precision(probe)) >= (await k1.precision(probe)));
});

it('each ball reaches exactly the k-th nearest other real feature (points on a line, radii by hand)', async () => {
  const real = [0, 1, 3, 6, 10].map((x) => Float64Array.of(x));
  const inside = async (k: number, x: number) => (await RealManifold.of(real, k)).precision([Float64Array.of(x)]);
  // k = 1: the ball of 10 reaches 6 (radius 4), so 14 is on its edge and 14.5 outside every ball
  assert.deepEqual([await inside(1, 14), await inside(1, 14.5)], [1, 0]);
  // k = 2: the ball of 0 reaches 3 (its second nearest), so −3 is inside and −3.1 is not (1's ball reaches 3: radius 2)
  assert.deepEqual([await inside(2, -3), await inside(2, -3.1)], [1, 0]);
});

it('says what is wrong with too few or mismatched features', async () => {
  await assert.rejects(RealManifold.of(cloud(3, 2, 0, 6), 3), /more than 3/);
  const m = await RealManifold.of(cloud(10, 2, 0, 7), 3);
  await assert.rejects(m.precision([new Float64Array(3)]), /needs 2 values/);
});
