// Shared bits of the benchmarks: arguments, timing, progress on stderr (stdout is the JSON line).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function benchArgs(): { threads: number; reps: number; sharedDir: string } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const sharedDir = process.env.GANIMATE_SHARED ?? resolve(root, '..', 'shared');
  if (!existsSync(join(sharedDir, 'reference')))
    throw new Error(`${sharedDir}/reference is missing: put shared/ beside the checkout or set GANIMATE_SHARED`);
  return { threads: Number(process.env.BENCH_THREADS ?? 2), reps: Number(process.env.BENCH_REPS ?? 3), sharedDir };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

/** `ganimate serve` on a free loopback port in its own process, with the shipped models (random-weight ones when none
 * ships); its log (stdout and stderr) accumulates in `log()`, `rssMb()` reads its resident memory. */
const rssKb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  } catch {
    return 0; // it has just exited
  }
};

/** The process and all its descendants (Linux /proc). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`))
      children.push(
        ...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTree)];
}

export async function startServeProcess(extraArgs: string[]): Promise<{
  url: string;
  server: ChildProcessWithoutNullStreams;
  shipped: boolean;
  rssMb: () => number;
  log: () => string;
}> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { SHIPPED } = await import('../src/cli/models.js');
  const models = existsSync(SHIPPED.generator)
    ? SHIPPED
    : (await import('../tests/support/random-models.js')).writeRandomModels(
        mkdtempSync(join(tmpdir(), 'ganimate-serve-bench-')),
      );
  const server = spawn(process.execPath, [
    join(root, 'bin', 'ganimate.js'),
    'serve',
    '--port',
    '0',
    '--model',
    models.generator,
    '--estimator',
    models.estimator,
    ...extraArgs,
  ]);
  let text = '';
  server.stdout.on('data', (d: Buffer) => void (text += d));
  const url = await new Promise<string>((res, rej) => {
    server.stderr.on('data', (d: Buffer) => {
      text += d;
      const m = /serving (http:\/\/[^\s]+)/.exec(text);
      if (m) res(m[1]!);
    });
    server.on('exit', (code) => rej(new Error(`server exited (${code}): ${text}`)));
  });
  log(`server ${url} (pid ${server.pid}), models ${models.generator}`);
  // serve relaunches itself (malloc tuning): its memory is that of the process and its children
  const rssMb = () => processTree(server.pid!).reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
  return { url, server, shipped: models === SHIPPED, rssMb, log: () => text };
}
