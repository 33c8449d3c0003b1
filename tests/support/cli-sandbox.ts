// The CLI's end-to-end tests: the real `ganimate` binary run in a temporary folder that holds small random-weight
// models, with its own cache (the real sets' features).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeRandomModels } from './random-models.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const samplePhoto = join(repoRoot, 'assets', 'astronaut.png');
export const faces128 = join(repoRoot, '..', 'shared', 'datasets', 'faces128');

export interface CliSandbox {
  dir: string;
  models: { generator: string; estimator: string };
  /** `--model` and `--estimator` with the sandbox's models. */
  M: string[];
  /** Runs `ganimate …args` in the sandbox to its end. */
  ganimate(...args: string[]): { code: number | null; out: string; err: string };
}

export function cliSandbox(name: string): CliSandbox {
  const dir = mkdtempSync(join(tmpdir(), `ganimate-${name}-`));
  const models = writeRandomModels(dir);
  const bin = join(repoRoot, 'bin', 'ganimate.js');
  return {
    dir,
    models,
    M: ['--model', models.generator, '--estimator', models.estimator],
    ganimate(...args) {
      const r = spawnSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
