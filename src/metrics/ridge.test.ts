import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { featureStats } from './feature-stats.js';
import { ridgeFromStats } from './ridge.js';
import { InvalidOptionError } from '../errors.js';

function rows(n: number, f: number, t: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: n }, () => {
    const x = Array.from({ length: f }, next);
    const y = Array.from(
      { length: t },
      (_, k) => 0.5 * k + x.reduce((a, v, i) => a + v * ((i + k) % 3), 0) + 0.1 * next(),
    );
    return [...x, ...y];
  });
}

test('ridgeFromStats: the weights and bias numpy solves for from the same rows', async () => {
  const [n, f, t, lambda] = [300, 9, 2, 0.05];
  const data = rows(n, f, t, 4);
  const fit = await ridgeFromStats(await featureStats(data), t, lambda);
  const script = `import json,sys,numpy as np
z=np.array(json.loads(sys.stdin.read()));x,y=z[:,:${f}],z[:,${f}:]
c=np.cov(z,rowvar=False);w=np.linalg.solve(c[:${f},:${f}]+${lambda}*np.eye(${f}),c[:${f},${f}:])
print(json.dumps([w.ravel().tolist(),(y.mean(0)-x.mean(0)@w).tolist()]))`;
  const [w, b] = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(data) }).toString(),
  );
  w.forEach((v: number, i: number) => assert.ok(Math.abs(v - fit.weights[i]!) < 1e-10, `weight ${i}`));
  b.forEach((v: number, k: number) => assert.ok(Math.abs(v - fit.bias[k]!) < 1e-10, `bias ${k}`));
  // a small λ recovers the rule the targets were made by
  const tight = await ridgeFromStats(await featureStats(data), t, 1e-9);
  assert.ok(Math.abs(tight.weights[2 * t + 1]! - 0) < 0.05 && Math.abs(tight.weights[1 * t + 1]! - 2) < 0.05);
});

test('ridgeFromStats: a strength that is not positive is refused', async () => {
  const s = await featureStats(rows(20, 3, 1, 1));
  await assert.rejects(ridgeFromStats(s, 1, 0), InvalidOptionError);
});
