import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { Critic, FlowGenerator, Generator } from './networks/index.js';
import { readSafetensors } from '../../nn/safetensors.js';
import { saveWeights } from '../../nn/weights.js';
import { manualSeed } from '../../torch/index.js';
import { resolveTrainOptions, type TrainOptions } from './options.js';
import { train } from './trainer.js';

const data = resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'faces128');
const quiet = { log: () => undefined };

/** Largest difference between the weights a run ends with (its `file`) and `want`. */
function farthestFrom(want: Map<string, { data: ArrayLike<number> }>, runDir: string, file: string): number {
  const got = readSafetensors(join(runDir, file)).tensors;
  let d = 0;
  for (const [k, t] of want)
    for (let i = 0; i < t.data.length; i++) d = Math.max(d, Math.abs(got.get(k)!.data[i]! - t.data[i]!));
  return d;
}

/** Asserts that two runs ended with exactly the same weights in `file`. */
function assertSameWeights(a: string, b: string, file: string): void {
  const [x, y] = [a, b].map((dir) => readSafetensors(join(dir, file)).tensors);
  for (const [k, t] of x!) assert.deepEqual(y!.get(k)!.data, t.data, `${file} ${k} differs after resume`);
}

it('a run interrupted and resumed ends with exactly the weights of an uninterrupted run (the weight average too)', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-runs-'));
  const o = resolveTrainOptions({
    data,
    config: 'tiny',
    runs,
    maxIterations: 10,
    checkpointEvery: 4,
    sampleEvery: 5,
    gEvery: 2,
    seed: 3,
    warmupD: 3,
    warmupBatchSize: 4,
    emaDecay: 0.9,
  });
  const whole = await train(o, quiet);
  assert.equal(whole.finished, true);
  const part = await train(o, { ...quiet, stopAfter: 6 });
  assert.deepEqual([part.finished, part.iteration], [false, 6]);
  const resumed = await train(o, { ...quiet, resumeDir: part.runDir });
  assert.deepEqual([resumed.finished, resumed.iteration], [true, 10]);
  for (const f of ['G.safetensors', 'D.safetensors', 'G-ema.safetensors'])
    assertSameWeights(whole.runDir, resumed.runDir, f);
  // keeping the average changes nothing else: the same run without it ends with the same weights, and no average
  const plain = await train({ ...o, emaDecay: 0 }, quiet);
  for (const f of ['G.safetensors', 'D.safetensors']) assertSameWeights(whole.runDir, plain.runDir, f);
  assert.equal(existsSync(join(plain.runDir, 'G-ema.safetensors')), false);
  const ema = readSafetensors(join(whole.runDir, 'G-ema.safetensors')).tensors;
  assert.ok(farthestFrom(ema, whole.runDir, 'G.safetensors') > 0, 'the average differs from the last weights');
  const iters = readFileSync(join(resumed.runDir, 'stats.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).iteration as number);
  assert.deepEqual(iters, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'statistics: each iteration once');
  const last = JSON.parse(readFileSync(join(whole.runDir, 'stats.jsonl'), 'utf8').trim().split('\n').at(-1)!);
  for (const k of ['d_real', 'd_cond', 'd_fake', 'd_gp', 'g_fake', 'g_cyc', 'mask_mean', 'images_per_s', 'lr_g'])
    assert.ok(k in last, `stats lack ${k}`);
  assert.equal(last.mask_hist.length, 10);
  assert.ok(existsSync(join(whole.runDir, 'samples', 'iter-0000005.png')));
  assert.ok(JSON.parse(readFileSync(join(whole.runDir, 'options.json'), 'utf8')).nonDefault.includes('maxIterations'));
});

it('training options: unknown keys and configurations are errors; the schedule decays linearly', async () => {
  assert.throws(() => resolveTrainOptions({ data, batchsize: 3 } as never), /unknown training option "batchsize"/);
  const { CONFIGS, lrFactor, parseLambdas } = await import('./options.js');
  assert.throws(
    () => resolveTrainOptions({ data, config: 'huge' }),
    new RegExp(`unknown configuration "huge"; use one of ${Object.keys(CONFIGS).join(', ')}$`),
  );
  assert.ok(Object.keys(CONFIGS).includes('paper') && Object.keys(CONFIGS).includes('default'));
  assert.deepEqual(parseLambdas('cond=8000, mask=0.2'), { cond: 8000, mask: 0.2 });
  assert.throws(() => parseLambdas('cond'), /"cond" is not name=value/);
  assert.throws(
    () => resolveTrainOptions({ data, lambdas: parseLambdas('cnd=1') }),
    /unknown loss weight "cnd"; known: prob, cond/,
  );
  assert.throws(
    () => resolveTrainOptions({ data, lambdas: parseLambdas('cond=-1') }),
    /loss weight cond must be a number ≥ 0, got -1/,
  );
  assert.throws(
    () => resolveTrainOptions({ data, lambdas: parseLambdas('cond=lots') }),
    /loss weight cond must be a number ≥ 0, got NaN/,
  );
  assert.equal(
    resolveTrainOptions({ data, lambdas: { cond: 8000 } }).lambdas.cyc,
    10,
    'unnamed weights keep their defaults',
  );
  const { CHANGE_DEAD_ZONE } = await import('./networks/flow-generator.js');
  assert.equal(resolveTrainOptions({ data }).deadZone, CHANGE_DEAD_ZONE, 'training keeps the dead zone exports had');
  assert.equal(resolveTrainOptions({ data, config: 'flow-change-rows-fine-changes' }).deadZone, 0.02);
  for (const bad of [-0.1, 0.6, Number.NaN])
    assert.throws(
      () => resolveTrainOptions({ data, deadZone: bad }),
      /deadZone must be a number from 0 to 0\.5 \(normalised AU change\)/,
    );
  assert.equal(resolveTrainOptions({ data }).cycle, 'through', "the cycle as GANimation's unless asked");
  assert.equal(resolveTrainOptions({ data, config: 'flow-change-stopped-cycle' }).cycle, 'stopped');
  assert.throws(
    () => resolveTrainOptions({ data, cycle: 'detached' as 'stopped' }),
    /cycle must be 'through' or 'stopped', got detached/,
  );
  const o = resolveTrainOptions({ data, config: 'paper' });
  assert.deepEqual(
    [lrFactor(o, 0, 10), lrFactor(o, 199, 10), lrFactor(o, 250, 10), lrFactor(o, 300, 10)],
    [1, 1, 0.5, 0],
  );
});

it('initG: the generator starts from the given weights, not at random (the critic still starts fresh)', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-runs-'));
  const base = resolveTrainOptions({ data, config: 'tiny', runs, maxIterations: 1, lrG: 1e-9 });
  manualSeed(77);
  const start = new Generator(base.model);
  const init = join(runs, 'start.safetensors');
  saveWeights(start, init);
  const want = start.stateDict();
  start.dispose();
  const farthest = async (initG: string) =>
    farthestFrom(want, (await train({ ...base, initG }, quiet)).runDir, 'G.safetensors');
  assert.ok((await farthest(init)) < 1e-6, 'one step at lr 1e-9 from the given weights stays on them');
  assert.ok((await farthest('')) > 0.01, 'without initG the generator is initialised at random (the check can fail)');
});

it('initD: the critic starts from the given weights and skips the warm-up (a trained critic carried to the next stage)', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-runs-'));
  const base = resolveTrainOptions({
    data,
    config: 'tiny',
    runs,
    maxIterations: 1,
    lrD: 1e-9,
    warmupD: 3,
    warmupBatchSize: 4,
  });
  manualSeed(78);
  const start = new Critic(base.model);
  const init = join(runs, 'D-start.safetensors');
  saveWeights(start, init);
  const want = start.stateDict();
  start.dispose();
  const farthest = async (initD: string) =>
    farthestFrom(want, (await train({ ...base, initD }, quiet)).runDir, 'D.safetensors');
  assert.ok(
    (await farthest(init)) < 1e-6,
    'one critic step at lr 1e-9 from the given weights, and no warm-up, stays on them',
  );
  assert.ok(
    (await farthest('')) > 0.01,
    'without initD the critic is initialised at random and warmed up (the check can fail)',
  );
  await assert.rejects(
    train({ ...base, initD: join(runs, 'missing.safetensors') }, quiet),
    /the critic to start from, .*missing\.safetensors, does not exist/,
  );
});

it('flow family: trains with its flow and self-reconstruction terms, its encoder seeded from a paint generator, colour ramped in after flowFirst', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-runs-'));
  const base = resolveTrainOptions({
    data,
    config: 'flow-tiny',
    runs,
    maxIterations: 4,
    flowFirst: 1,
    gEvery: 1,
    lrG: 1e-9,
  });
  manualSeed(79);
  const paint = new Generator({ ...base.model, generator: 'paint' });
  const init = join(runs, 'paint.safetensors');
  saveWeights(paint, init, { config: JSON.stringify(paint.config) });
  const flow = new FlowGenerator(base.model);
  const flowShapes = new Map(flow.namedState().map(([n, t]) => [n, t.shape.join('x')]));
  flow.dispose();
  const shared = new Map([...paint.stateDict()].filter(([k, t]) => flowShapes.get(k) === t.shape.join('x')));
  assert.ok(shared.has('main.0.weight') && shared.size >= 10, [...shared.keys()].join(', '));
  paint.dispose();
  const r = await train({ ...base, initG: init }, quiet);
  assert.ok(
    farthestFrom(shared, r.runDir, 'G.safetensors') < 1e-6,
    'the encoder and residual blocks start from the paint generator',
  );
  const rows = readFileSync(join(r.runDir, 'stats.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const k of ['g_flow', 'g_self', 'g_id', 'residual_gain']) assert.ok(k in rows[0], `stats lack ${k}`);
  assert.deepEqual(
    rows.map((x) => x.residual_gain),
    [0, 0, 1, 1],
    'colour off for flowFirst iterations, then ramped over as many',
  );
  const G = new FlowGenerator(base.model);
  assert.equal(G.namedState().length, readSafetensors(join(r.runDir, 'G.safetensors')).tensors.size);
  G.dispose();
});

/** A 4-iteration flow-tiny run with part critics (part weight 1), checkpoints every 2, in a fresh runs folder; `model`
 * and `lambdas` add to flow-tiny's. */
function partCriticRun(o: {
  seed: number;
  model?: Partial<TrainOptions['model']>;
  lambdas?: Partial<TrainOptions['lambdas']>;
  criticFirst?: number;
  partAdversarial?: TrainOptions['partAdversarial'];
}): TrainOptions {
  const tiny = resolveTrainOptions({ data, config: 'flow-tiny' });
  return resolveTrainOptions({
    data,
    config: 'flow-tiny',
    runs: mkdtempSync(join(tmpdir(), 'ganimate-runs-')),
    maxIterations: 4,
    checkpointEvery: 2,
    gEvery: 1,
    seed: o.seed,
    criticFirst: o.criticFirst ?? 0,
    partAdversarial: o.partAdversarial ?? 'wgan',
    model: { ...tiny.model, partCritics: true, ...o.model },
    lambdas: { ...tiny.lambdas, part: 1, ...o.lambdas },
  });
}

/** The rows of a run's stats.jsonl. */
const statsOf = (runDir: string) =>
  readFileSync(join(runDir, 'stats.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

it('part critics train beside the critic, alone for criticFirst iterations, and a run with them resumes', async () => {
  const o = partCriticRun({ seed: 5, criticFirst: 2 });
  const r = await train(o, quiet);
  const rows = statsOf(r.runDir);
  assert.deepEqual(
    rows.map((x) => 'g_fake' in x),
    [false, false, true, true],
    'the generator waits criticFirst iterations',
  );
  for (const x of rows) assert.ok('d_mouth' in x && 'd_eyes' in x, 'the part critics train from the first');
  assert.ok('g_part' in rows[3], 'and judge the generator once it trains');
  const D = new Critic(o.model);
  assert.equal(D.namedState().length, readSafetensors(join(r.runDir, 'D.safetensors')).tensors.size);
  D.dispose();
  const part = await train(o, { ...quiet, stopAfter: 2 });
  const resumed = await train(o, { ...quiet, resumeDir: part.runDir });
  assertSameWeights(r.runDir, resumed.runDir, 'D.safetensors');
});

it('part critics on recognition features: the run loads the fixed net without the identity loss, trains only the heads (logistic, 10× gain) and resumes to the same weights', async () => {
  const o = partCriticRun({
    seed: 6,
    partAdversarial: 'logistic',
    model: { partFeatures: 'recognition', partHeadGain: 10 },
    lambdas: { identity: 0 },
  });
  const r = await train(o, quiet);
  const rows = statsOf(r.runDir);
  // logistic part terms are softplus sums: positive, and 2·ln 2 for a critic that cannot tell
  for (const x of rows) assert.ok(x.d_mouth > 0 && x.d_eyes > 0 && x.g_part > 0, JSON.stringify(x));
  const saved = [...readSafetensors(join(r.runDir, 'D.safetensors')).tensors.keys()];
  assert.ok(saved.includes('parts.mouth1.project.weight'), saved.join());
  assert.ok(!saved.some((k) => k.includes('conv32')), 'the fixed net is not saved with the critic');
  const part = await train(o, { ...quiet, stopAfter: 2 });
  const resumed = await train(o, { ...quiet, resumeDir: part.runDir });
  assertSameWeights(r.runDir, resumed.runDir, 'D.safetensors');
});
