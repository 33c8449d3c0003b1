// Numbered run folders (runs/00003-default/) holding the resolved options, statistics, samples and checkpoints.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { nonDefault, type TrainOptions } from './options.js';

export function createRunFolder(o: TrainOptions): string {
  mkdirSync(o.runs, { recursive: true });
  const taken = readdirSync(o.runs).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? -1));
  const dir = join(o.runs, `${String(Math.max(-1, ...taken) + 1).padStart(5, '0')}-${o.config}`);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  writeOptions(dir, o);
  return dir;
}

export function writeOptions(dir: string, o: TrainOptions): void {
  writeFileAtomic(join(dir, 'options.json'), Buffer.from(JSON.stringify({ options: o, nonDefault: nonDefault(o) }, null, 2)));
}

export function readRunOptions(dir: string): TrainOptions {
  const file = join(dir, 'options.json');
  if (!existsSync(file)) throw new GanimateError(`${dir} is not a training run folder (no options.json)`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { options: TrainOptions }).options;
}

/** The options printed with non-default values marked '*'. */
export function describeOptions(o: TrainOptions): string {
  const changed = new Set(nonDefault(o));
  return Object.entries(o)
    .map(([k, v]) => `${changed.has(k) ? '*' : ' '} ${k.padEnd(16)} ${JSON.stringify(v)}`)
    .join('\n');
}
