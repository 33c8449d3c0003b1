// `ganimate estimate --reader hog` reads AUs with the shipped HOG AU reader, through the same face pipeline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..', '..');
const estimate = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [join(root, 'bin', 'ganimate.js'), 'estimate', join(root, 'assets', 'astronaut.png'), ...args],
    {
      encoding: 'utf8',
    },
  );

it('`ganimate estimate --reader hog`: the sample photo smiles, and both readers read it alike', () => {
  const [hog, cnn] = [estimate('--json', '--reader', 'hog'), estimate('--json')];
  assert.equal(hog.status, 0, hog.stderr);
  const [h] = JSON.parse(hog.stdout) as { aus: number[] }[];
  const [c] = JSON.parse(cnn.stdout) as { aus: number[] }[];
  assert.ok(h!.aus[8]! > 1.5 && h!.aus[4]! > 0.8 && h!.aus[2]! < 0.5, `AU12, AU6, AU4 = ${h!.aus}`);
  h!.aus.forEach((v, k) => assert.ok(Math.abs(v - c!.aus[k]!) < 0.6, `AU index ${k}: HOG ${v}, CNN ${c!.aus[k]}`));
  const bad = estimate('--reader', 'openface');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--reader must be estimator or hog/);
});
