// `npm run bench -- fid`: FID from 10,000 + 10,000 2048-d features (statistics and distance) against
// scipy (pytorch-fid's sqrtm), and KID's MMD² against numpy, on the same features in the same run.
// KID runs the metric's own work, 100 fixed subsets of 1000 (KID_SUBSETS for fewer), on both sides: the ratio is per
// identical work, and one-time costs weigh as much as in a real evaluation. gram_gflops: each side's rate on one
// 1000 × 2048 float64 Gram product, the work KID is made of; kid_first_subset_s: our first subset, which also pays its
// session's creation and first run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FeatureStats,
  frechetDistance,
  gaussian,
  gemm,
  mmd2,
  seededRandom,
  type GaussianStats,
} from '../src/metrics/index.js';
import { log } from './harness.js';

const [n, d, subsets, m] = [Number(process.env.FID_N ?? 10000), 2048, Number(process.env.KID_SUBSETS ?? 100), 1000];
const rng = seededRandom(7);
const mix = Float64Array.from({ length: 64 * d }, () => gaussian(rng) / 8);
// features with correlated structure (a 64-d latent mixed up to 2048-d plus noise), two shifted sets
const feats = [0, 1].map((set) => {
  const out = new Float64Array(n * d);
  const z = new Float64Array(64);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 64; k++) z[k] = gaussian(rng) + set * 0.3;
    for (let j = 0; j < d; j++) {
      let v = 0.5 * gaussian(rng);
      for (let k = 0; k < 64; k++) v += z[k]! * mix[k * d + j]!;
      out[i * d + j] = Math.max(0, v); // non-negative, like pool features after ReLU
    }
  }
  return out;
});
const rows = Int32Array.from({ length: subsets * 2 * m }, () => Math.floor(rng() * n));
const dir = mkdtempSync(join(tmpdir(), 'ganimate-fid-'));
const all = new Float64Array(2 * n * d);
all.set(feats[0]!, 0);
all.set(feats[1]!, n * d);
writeFileSync(join(dir, 'f.f64'), all);
writeFileSync(join(dir, 'rows.i32'), rows);

log(`scipy/numpy: ${n} + ${n} features of ${d} dims, FID and ${subsets} KID subsets of ${m}`);
const py = spawnSync(
  '/usr/bin/python3',
  [
    join(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'fid_scipy.py'),
    join(dir, 'f.f64'),
    String(n),
    String(d),
    join(dir, 'rows.i32'),
    String(subsets),
    String(m),
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (py.status !== 0) throw new Error('the scipy side failed (needs `apt-get install -y python3-scipy`)');
const ref = JSON.parse(py.stdout.trim().split('\n').pop()!) as {
  fid: number;
  kid: number;
  stats_s: number;
  fid_s: number;
  kid_s: number;
  gram_gflops: number;
};

log('ganimate: the same');
let t = performance.now();
const stats: GaussianStats[] = [];
for (const f of feats) stats.push(await (await new FeatureStats(d).add(f, n)).finish());
const oursStats = (performance.now() - t) / 1000;
t = performance.now();
const fid = await frechetDistance(stats[0]!, stats[1]!);
const oursFid = (performance.now() - t) / 1000;
t = performance.now();
let kidSum = 0;
let firstSubset = 0;
for (let s = 0; s < subsets; s++) {
  const pick = (set: number) =>
    Array.from(rows.subarray((s * 2 + set) * m, (s * 2 + set + 1) * m), (r) =>
      feats[set]!.subarray(r * d, (r + 1) * d),
    );
  kidSum += await mmd2(pick(0), pick(1));
  if (s === 0) firstSubset = (performance.now() - t) / 1000;
}
const oursKid = (performance.now() - t) / 1000;
// the float64 Gram product KID is made of, best of three, as on the numpy side: the BLAS rate behind the KID ratio
const x = new Float64Array(m * d);
rows.subarray(0, m).forEach((r, i) => x.set(feats[0]!.subarray(r * d, (r + 1) * d), i * d));
let gramBest = Infinity;
for (let k = 0; k < 3; k++) {
  t = performance.now();
  await gemm('nt', x, [m, d], x, [m, d]);
  gramBest = Math.min(gramBest, (performance.now() - t) / 1000);
}
const r3 = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'fid',
    features: n,
    dim: d,
    fid_vs_scipy: r3((oursStats + oursFid) / (ref.stats_s + ref.fid_s)),
    kid_vs_numpy: r3(oursKid / ref.kid_s),
    fid_stats_vs_numpy: r3(oursStats / ref.stats_s),
    fid_distance_vs_scipy: r3(oursFid / ref.fid_s),
    fid_relative_difference: Math.abs(fid - ref.fid) / ref.fid,
    kid_relative_difference: Math.abs(kidSum / subsets - ref.kid) / Math.abs(ref.kid),
    kid_subsets: subsets,
    kid_first_subset_s: r3(firstSubset),
    ganimate_s: { stats: r3(oursStats), fid: r3(oursFid), kid: r3(oursKid) },
    scipy_s: { stats: r3(ref.stats_s), fid: r3(ref.fid_s), kid: r3(ref.kid_s) },
    gram_gflops: { ganimate: Math.round((2 * m * m * d) / gramBest / 1e9), numpy: Math.round(ref.gram_gflops) },
  }),
);
