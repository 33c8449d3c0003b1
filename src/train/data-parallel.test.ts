import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { freePort } from '../io/free-port.js';
import { readSafetensors } from '../nn/safetensors.js';
import { distributedBackends } from '../torch/index.js';
import { resolveTrainOptions } from '../models/ganimation/options.js';
import { train } from '../models/ganimation/trainer.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const data = resolve(root, '..', 'shared', 'datasets', 'faces128');
const entry = join(root, 'bin', 'ganimate.js');
const gloo = distributedBackends().gloo;
const skip = gloo
  ? false
  : 'the addon was built without gloo headers (apt-get install -y libgloo-dev; npm run build:native)';

// Equal within 1e-5 needs gradients that are not rounding noise: Adam's first steps move every weight by about ±lr
// whatever its gradient's size, so a weight whose true gradient is zero lands on the sign of its rounding noise. The
// paint family's first convolution has such weights (the centre taps on its 17 constant AU planes, whose output
// InstanceNorm removes), and a flow head at zero samples pixel centres exactly, where bilinear sampling has a kink.
// One process on 1 and on 2 threads differs by 2e-4 there. So the runs compared start from a flow generator told the
// change (its encoder sees the image alone) after 8 iterations of training: then 1 and 2 threads agree within 6e-8.
const RECIPE = ['--config', 'flow-change-tiny', '--seed', '3', '--iterations', '6'];

/** A flow-change-tiny generator and critic trained for 8 iterations on 2 threads (whatever OMP_NUM_THREADS says: the
 * start measured above), for the runs below to start from. */
async function trainedStart(runs: string): Promise<string[]> {
  const r = await train(
    resolveTrainOptions({ data, config: 'flow-change-tiny', seed: 1, gEvery: 1, maxIterations: 8, threads: 2, runs }),
    { log: () => undefined },
  );
  return ['--init-g', join(r.runDir, 'G.safetensors'), '--init-d', join(r.runDir, 'D.safetensors')];
}

interface Exit {
  code: number | null;
  stderr: string;
  ms: number;
}

/** Runs `ganimate …` to its end (or kills it after `limitMs`). */
function ganimate(args: string[], limitMs = 120_000): { done: Promise<Exit>; kill: () => void; stderr: () => string } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const done = new Promise<Exit>((res) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code, stderr, ms: performance.now() - t0 });
    }),
  );
  return { done, kill: () => child.kill('SIGKILL'), stderr: () => stderr };
}

/** The only run folder under `runs` (rank 0 alone makes one). */
function onlyRun(runs: string): string {
  const dirs = readdirSync(runs);
  assert.equal(dirs.length, 1, `one run folder, got ${dirs.join(', ')}`);
  return join(runs, dirs[0]!);
}

/** Largest relative difference ‖a − b‖ / ‖b‖ over the tensors of two weight files. */
function farthest(a: string, b: string): { rel: number; name: string } {
  const [x, y] = [a, b].map((f) => readSafetensors(f).tensors);
  let worst = { rel: 0, name: '' };
  for (const [k, t] of y!) {
    const u = x!.get(k);
    assert.ok(u, `${a} lacks ${k}`);
    let [d, n] = [0, 0];
    for (let i = 0; i < t.data.length; i++) [d, n] = [d + (u.data[i]! - t.data[i]!) ** 2, n + t.data[i]! ** 2];
    const rel = Math.sqrt(d / Math.max(n, 1e-30));
    if (rel > worst.rel) worst = { rel, name: k };
  }
  return worst;
}

it(
  'data parallel: 2 ranks on loopback end with the weights of one process with the same batch and seed',
  { skip },
  async () => {
    const runs = mkdtempSync(join(tmpdir(), 'ganimate-dp-'));
    const init = await trainedStart(join(runs, 'init'));
    const two = ganimate([
      'train',
      '--data',
      data,
      ...RECIPE,
      ...init,
      '--ema',
      '0.5',
      '--nproc',
      '2',
      '--runs',
      join(runs, 'two'),
    ]);
    const one = await train(
      resolveTrainOptions({
        data,
        config: 'flow-change-tiny',
        seed: 3,
        maxIterations: 6,
        emaDecay: 0.5,
        threads: 1,
        initG: init[1],
        initD: init[3],
        runs: join(runs, 'one'),
      }),
      { log: () => undefined },
    );
    const r = await two.done;
    assert.equal(r.code, 0, r.stderr);
    const run = onlyRun(join(runs, 'two'));
    for (const f of ['G.safetensors', 'D.safetensors', 'G-ema.safetensors']) {
      const w = farthest(join(run, f), join(one.runDir, f));
      // the ranks' halves are summed in another order than the whole batch: float32 rounding, grown over 6 Adam steps
      // (1.32e-5 on an AVX2-only AMD EPYC, under 1e-5 on the AMX machines before it)
      assert.ok(w.rel < 5e-5, `${f}: ${w.name} differs by ${w.rel.toExponential(2)} (relative)`);
    }
    const last = JSON.parse(readFileSync(join(run, 'stats.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    assert.equal(last.ranks, 2);
    assert.ok(last.allreduce_ms > 0, 'stats carry the all-reduce time');
    const single = JSON.parse(readFileSync(join(one.runDir, 'stats.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    // statistics are the whole batch's: the mean of the ranks' terms is the single process's term
    assert.ok(Math.abs(last.d_gp - single.d_gp) <= 1e-4 * Math.abs(single.d_gp), `d_gp ${last.d_gp} vs ${single.d_gp}`);
  },
);

it('data parallel: a 2-rank run stopped and resumed ends exactly as an uninterrupted one', { skip }, async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-dp-'));
  const whole = ganimate(['train', '--data', data, ...RECIPE, '--nproc', '2', '--runs', join(runs, 'whole')]);
  const part = await ganimate([
    'train',
    '--data',
    data,
    ...RECIPE,
    '--nproc',
    '2',
    '--stop-after',
    '3',
    '--runs',
    join(runs, 'part'),
  ]).done;
  assert.equal(part.code, 0, part.stderr);
  const run = onlyRun(join(runs, 'part'));
  assert.ok(!existsSync(join(run, 'G.safetensors')), 'stopped, not finished');
  const resumed = await ganimate(['train', '--resume', run, '--nproc', '2']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  const w = await whole.done;
  assert.equal(w.code, 0, w.stderr);
  for (const f of ['G.safetensors', 'D.safetensors']) {
    const d = farthest(join(run, f), join(onlyRun(join(runs, 'whole')), f));
    assert.equal(d.rel, 0, `${f}: ${d.name} differs by ${d.rel.toExponential(2)} after resume`);
  }
});

it('data parallel: when a rank is killed mid-run the other exits non-zero within the timeout', { skip }, async () => {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-dp-'));
  const url = `tcp://127.0.0.1:${await freePort()}`;
  const common = ['train', '--data', data, '--config', 'flow-tiny', '--iterations', '100000', '--runs', runs];
  const dist = ['--dist-url', url, '--world-size', '2', '--dist-timeout', '20', '--threads', '1'];
  const rank0 = ganimate([...common, ...dist, '--rank', '0']);
  const rank1 = ganimate([...common, ...dist, '--rank', '1']);
  // kill rank 1 once the run is under way (rank 0 has written its first checkpoint, at iteration 4)
  const t0 = performance.now();
  const started = () => readdirSync(runs).some((d) => existsSync(join(runs, d, 'checkpoints', 'latest')));
  while (!started() && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
  assert.ok(performance.now() - t0 < 60_000, `the run did not start: ${rank0.stderr()}`);
  rank1.kill();
  const killedAt = performance.now();
  const r = await rank0.done;
  await rank1.done;
  assert.notEqual(r.code, 0);
  assert.ok(
    performance.now() - killedAt < 25_000,
    `rank 0 took ${Math.round(performance.now() - killedAt)} ms to stop`,
  );
  assert.match(r.stderr, /rank 0 of 2: a collective failed, so another rank has stopped or cannot be reached/);
});

it('data parallel: flags are checked before anything runs', async () => {
  const bad = async (args: string[], re: RegExp) => {
    const r = await ganimate(['train', '--data', data, '--config', 'flow-tiny', ...args]).done;
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, re);
  };
  await bad(
    ['--dist-url', 'localhost:29500', '--rank', '0', '--world-size', '2'],
    /--dist-url must be tcp:\/\/HOST:PORT/,
  );
  await bad(['--dist-url', 'tcp://127.0.0.1:29500', '--rank', '0'], /--dist-url needs --rank R and --world-size W/);
  await bad(['--rank', '1', '--world-size', '2'], /give --dist-url/);
  await bad(
    ['--dist-url', 'tcp://127.0.0.1:29500', '--rank', '2', '--world-size', '2'],
    /--rank 2 must be below --world-size 2/,
  );
  await bad(['--nproc', '3', '--world-size', '4'], /spans machines/);
});
