// `npm run bench -- fid`: FID from 10,000 + 10,000 2048-d features (statistics and distance) against
// scipy (pytorch-fid's sqrtm), and KID's MMD² against numpy, on the same features in the same run. The two sides take
// turns in rounds (a long-lived numpy peer; who goes first alternates), and each ratio is the median of the rounds'
// ratios: a burst of load from elsewhere on a shared machine costs one round, not the figure.
// KID runs the metric's own work, 100 fixed subsets of 1000 (KID_SUBSETS for fewer), on both sides: the ratio is per
// identical work. Each round starts with one untimed subset on each side; kid_first_subset_s is our very first, which
// also pays its session's creation and first run (about 30 ms once, 0.4 % of the 100). gram_gflops: each side's rate
// on one 1000 × 2048 float64 Gram product, the work KID is made of.
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
import { log, median } from './harness.js';
import { PyTorchPeer } from './pytorch-peer.js';

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

const [fidRounds, kidRounds] = [3, Math.min(5, subsets)]; // no round without a subset (KID_SUBSETS under 5)
log(
  `scipy/numpy and ganimate: ${n} + ${n} features of ${d} dims, FID ${fidRounds} times and ${subsets} KID subsets of ${m} in ${kidRounds} rounds, taking turns`,
);
const peer = await PyTorchPeer.start(
  join(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'fid_scipy.py'),
  [join(dir, 'f.f64'), String(n), String(d), join(dir, 'rows.i32'), String(subsets), String(m)],
  'python3-scipy',
);
const seconds = async (work: () => Promise<unknown>) => {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
};
/** Both sides' seconds for one round, in the order given. */
async function round(oursFirst: boolean, ours: () => Promise<number>, theirs: () => Promise<number>) {
  if (oursFirst) {
    const o = await ours();
    return { ours: o, theirs: await theirs() };
  }
  const t = await theirs();
  return { ours: await ours(), theirs: t };
}

let fid = NaN;
let refFid = NaN;
const fidRuns: { stats: number; distance: number; refStats: number; refDistance: number }[] = [];
for (let r = 0; r < fidRounds; r++) {
  const run = { stats: 0, distance: 0, refStats: 0, refDistance: 0 };
  await round(
    r % 2 === 0,
    async () => {
      const stats: GaussianStats[] = [];
      run.stats = await seconds(async () => {
        for (const f of feats) stats.push(await (await new FeatureStats(d).add(f, n)).finish());
      });
      run.distance = await seconds(async () => (fid = await frechetDistance(stats[0]!, stats[1]!)));
      return run.stats + run.distance;
    },
    async () => {
      run.refStats = (await peer.request<{ ms: number }>('stats')).ms / 1000;
      const reply = await peer.request<{ ms: number; fid: number }>('fid');
      [run.refDistance, refFid] = [reply.ms / 1000, reply.fid];
      return run.refStats + run.refDistance;
    },
  );
  fidRuns.push(run);
  log(
    `FID round ${r + 1}: ours ${(run.stats + run.distance).toFixed(2)} s, scipy ${(run.refStats + run.refDistance).toFixed(2)} s`,
  );
}

const kidValues: number[] = [];
const refKidValues: number[] = [];
let firstSubset = NaN;
const kidRuns: { ours: number; theirs: number }[] = [];
for (let r = 0; r < kidRounds; r++) {
  const [from, to] = [Math.round((r * subsets) / kidRounds), Math.round(((r + 1) * subsets) / kidRounds)];
  const run = await round(
    r % 2 === 1,
    async () => {
      const pick = (s: number, set: number) =>
        Array.from(rows.subarray((s * 2 + set) * m, (s * 2 + set + 1) * m), (i) =>
          feats[set]!.subarray(i * d, (i + 1) * d),
        );
      // one subset untimed first, as the other side does: after the other's turn both sides' threads start cold
      // (numpy alone, 20 subsets: 1.6 s warm, 2.0-2.1 s after 1.5 s idle), where a real evaluation runs them warm
      const t = performance.now();
      await mmd2(pick(from, 0), pick(from, 1));
      if (from === 0) firstSubset = (performance.now() - t) / 1000;
      return seconds(async () => {
        for (let s = from; s < to; s++) kidValues.push(await mmd2(pick(s, 0), pick(s, 1)));
      });
    },
    async () => {
      const reply = await peer.request<{ ms: number; mmd2: number[] }>(`kid ${from} ${to}`);
      refKidValues.push(...reply.mmd2);
      return reply.ms / 1000;
    },
  );
  kidRuns.push(run);
  log(
    `KID round ${r + 1} (subsets ${from}-${to - 1}): ours ${run.ours.toFixed(2)} s, numpy ${run.theirs.toFixed(2)} s`,
  );
}

// the float64 Gram product KID is made of, best of three on each side: the BLAS rate behind the KID ratio
const x = new Float64Array(m * d);
rows.subarray(0, m).forEach((r, i) => x.set(feats[0]!.subarray(r * d, (r + 1) * d), i * d));
let gramBest = Infinity;
for (let k = 0; k < 3; k++) gramBest = Math.min(gramBest, await seconds(() => gemm('nt', x, [m, d], x, [m, d])));
const refGram = (await peer.request<{ gflops: number }>('gram')).gflops;
peer.stop();

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const kid = mean(kidValues);
const refKid = mean(refKidValues);
const sum = (xs: number[]) => r3(xs.reduce((a, b) => a + b, 0));
console.log(
  JSON.stringify({
    bench: 'fid',
    features: n,
    dim: d,
    fid_vs_scipy: r3(median(fidRuns.map((f) => (f.stats + f.distance) / (f.refStats + f.refDistance)))),
    kid_vs_numpy: r3(median(kidRuns.map((k) => k.ours / k.theirs))),
    fid_stats_vs_numpy: r3(median(fidRuns.map((f) => f.stats / f.refStats))),
    fid_distance_vs_scipy: r3(median(fidRuns.map((f) => f.distance / f.refDistance))),
    fid_relative_difference: Math.abs(fid - refFid) / refFid,
    kid_relative_difference: Math.abs(kid - refKid) / Math.abs(refKid),
    kid_subsets: subsets,
    kid_first_subset_s: r3(firstSubset),
    rounds: {
      fid: fidRuns.map((f) => r3((f.stats + f.distance) / (f.refStats + f.refDistance))),
      kid: kidRuns.map((k) => r3(k.ours / k.theirs)),
    },
    ganimate_s: {
      stats: sum(fidRuns.map((f) => f.stats)),
      fid: sum(fidRuns.map((f) => f.distance)),
      kid: sum(kidRuns.map((k) => k.ours)),
    },
    scipy_s: {
      stats: sum(fidRuns.map((f) => f.refStats)),
      fid: sum(fidRuns.map((f) => f.refDistance)),
      kid: sum(kidRuns.map((k) => k.theirs)),
    },
    gram_gflops: { ganimate: Math.round((2 * m * m * d) / gramBest / 1e9), numpy: Math.round(refGram) },
  }),
);
