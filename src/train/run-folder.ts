// Numbered run folders (runs/00003-default/) holding the resolved options, statistics, samples and checkpoints.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { nonDefault, type TrainOptions } from './options.js';

export function createRunFolder(o: TrainOptions): string {
  const dir = createRunFolderFor(o.runs, o.config, o, nonDefault(o));
  mkdirSync(join(dir, 'samples'), { recursive: true });
  return dir;
}

/** The next numbered folder under `runs`, with the options written into it. */
export function createRunFolderFor(runs: string, config: string, options: object, changed: string[] = []): string {
  mkdirSync(runs, { recursive: true });
  const taken = readdirSync(runs).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? -1));
  const dir = join(runs, `${String(Math.max(-1, ...taken) + 1).padStart(5, '0')}-${config}`);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'options.json'), Buffer.from(JSON.stringify({ options, nonDefault: changed }, null, 2)));
  return dir;
}

export function readRunOptions(dir: string): TrainOptions {
  const file = join(dir, 'options.json');
  if (!existsSync(file)) throw new GanimateError(`${dir} is not a training run folder (no options.json)`);
  let parsed: { options?: TrainOptions };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { options?: TrainOptions };
  } catch (e) {
    throw new GanimateError(
      `${file} is damaged (${(e as Error).message}); the run cannot be resumed with its own options. Start a new run from its weights (--init-g, --init-d) instead`,
    );
  }
  if (!parsed || typeof parsed.options !== 'object' || parsed.options === null) {
    throw new GanimateError(
      `${file} holds no training options (an "options" object); it was not written by ganimate train or is damaged`,
    );
  }
  return parsed.options;
}

/** The options printed with non-default values marked '*'. */
export function describeOptions(o: TrainOptions): string {
  const changed = new Set(nonDefault(o));
  return Object.entries(o)
    .map(([k, v]) => `${changed.has(k) ? '*' : ' '} ${k.padEnd(16)} ${JSON.stringify(v)}`)
    .join('\n');
}
