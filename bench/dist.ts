// `npm run bench -- dist`: what data-parallel training costs and gives on this machine. The `default`
// configuration on faces128 through the real CLI, one process with 2 threads against 2 ranks
// (`--nproc 2`) with 1 thread each, alternating; images/s from each run's statistics after its first
// logging window (start-up and first steps left out), and the ranks' gradient all-reduce time per step.
// BENCH_ITERS iterations a run (default 60), BENCH_REPS runs of each (default 2). Then PyTorch the same way
// (bench/pytorch/ddp_step.py: the same configuration, 2 threads against 2 Gloo ranks, gradients averaged in flat
// buckets before each step) on synthetic batches, for the speed-up and the exchange time beside ours.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchArgs, log, median } from './harness.js';

const { sharedDir } = benchArgs();
const reps = Number(process.env.BENCH_REPS ?? 2);
const iters = Number(process.env.BENCH_ITERS ?? 60);
const entry = resolve(import.meta.dirname, '..', '..', 'bin', 'ganimate.js');
const data = join(sharedDir, 'datasets', 'faces128');

interface Measured {
  imagesPerS: number;
  allreduceMs: number;
}

function run(layout: '1x2' | '2x1'): Measured {
  const runs = mkdtempSync(join(tmpdir(), 'ganimate-bench-dist-'));
  const args = ['train', '--data', data, '--config', 'default', '--iterations', String(iters), '--runs', runs];
  const r = spawnSync(
    process.execPath,
    [entry, ...args, ...(layout === '1x2' ? ['--threads', '2'] : ['--nproc', '2'])],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`${layout} run failed (${r.status}): ${r.stderr}`);
  const dir = join(runs, readdirSync(runs)[0]!);
  const rows = readFileSync(join(dir, 'stats.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { iteration: number; images_per_s: number; allreduce_ms?: number })
    .slice(1);
  rmSync(runs, { recursive: true, force: true });
  return {
    imagesPerS: rows.reduce((s, x) => s + x.images_per_s, 0) / rows.length,
    allreduceMs: rows.reduce((s, x) => s + (x.allreduce_ms ?? 0), 0) / rows.length,
  };
}

const got: Record<'1x2' | '2x1', Measured[]> = { '1x2': [], '2x1': [] };
for (let i = 0; i < reps; i++)
  for (const layout of i % 2 ? (['2x1', '1x2'] as const) : (['1x2', '2x1'] as const)) {
    log(
      `run ${i + 1}/${reps}: ${layout === '1x2' ? '1 process × 2 threads' : '2 processes × 1 thread'}, ${iters} iterations`,
    );
    const m = run(layout);
    log(
      `  ${m.imagesPerS.toFixed(2)} images/s${layout === '2x1' ? `, all-reduce ${m.allreduceMs.toFixed(1)} ms a step` : ''}`,
    );
    got[layout].push(m);
  }
/** A port the system has free now. */
const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
log(
  `PyTorch: the same configuration on synthetic batches, 1 × 2 threads then 2 Gloo ranks × 1, ${Math.min(iters, 20)} iterations`,
);
const py = spawnSync(
  '/usr/bin/python3',
  [
    resolve(import.meta.dirname, '..', '..', 'bench', 'pytorch', 'ddp_step.py'),
    join(sharedDir, 'reference'),
    String(Math.min(iters, 20)),
  ],
  {
    encoding: 'utf8',
    env: { ...process.env, BENCH_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
if (py.status !== 0) throw new Error('the PyTorch side failed (needs `apt-get install -y python3-torch`)');
const torch = JSON.parse(py.stdout.trim().split('\n').pop()!) as {
  images_per_s_1x2: number;
  images_per_s_2x1: number;
  allreduce_ms_per_step: number;
};
const one = median(got['1x2'].map((m) => m.imagesPerS));
const two = median(got['2x1'].map((m) => m.imagesPerS));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const allreduce = median(got['2x1'].map((m) => m.allreduceMs));
// one step of 2x1 takes 8 images / (images/s) seconds
const stepMs = (8 * 1000) / two;
console.log(
  JSON.stringify({
    bench: 'dist',
    config: 'default',
    iterations: iters,
    reps,
    images_per_s_1x2: round(one),
    images_per_s_2x1: round(two),
    speedup_2x1_vs_1x2: round(two / one, 3),
    allreduce_ms_per_step: round(allreduce),
    allreduce_share_of_step: round(allreduce / stepMs, 3),
    pytorch_images_per_s_1x2: round(torch.images_per_s_1x2),
    pytorch_images_per_s_2x1: round(torch.images_per_s_2x1),
    pytorch_speedup_2x1_vs_1x2: round(torch.images_per_s_2x1 / torch.images_per_s_1x2, 3),
    pytorch_allreduce_ms_per_step: round(torch.allreduce_ms_per_step),
    allreduce_vs_pytorch: round(allreduce / torch.allreduce_ms_per_step, 3),
  }),
);
