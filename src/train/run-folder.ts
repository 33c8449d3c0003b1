// Numbered run folders (runs/00003-default/) holding the model's name, the resolved options, statistics, samples and
// checkpoints.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GanimateError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/** The next numbered folder under `runs` (with samples/), the model's name and options written into it, and which
 * options differ from their configuration's. */
export function createRunFolder(model: string, o: { runs: string; config: string }, changed: string[] = []): string {
  mkdirSync(o.runs, { recursive: true });
  const taken = readdirSync(o.runs).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? -1));
  const dir = join(o.runs, `${String(Math.max(-1, ...taken) + 1).padStart(5, '0')}-${o.config}`);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  writeFileAtomic(
    join(dir, 'options.json'),
    Buffer.from(JSON.stringify({ model, options: o, nonDefault: changed }, null, 2)),
  );
  return dir;
}

/** A run folder's model (absent in runs written before models had names) and options. */
export interface StoredRun {
  model?: string;
  options: Record<string, unknown>;
}

export function readRun(dir: string): StoredRun {
  const file = join(dir, 'options.json');
  if (!existsSync(file)) throw new GanimateError(`${dir} is not a training run folder (no options.json)`);
  let parsed: { model?: string; options?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
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
  return { model: parsed.model, options: parsed.options };
}

/** The options printed with the values that differ from their configuration's marked '*'. */
export function describeOptions(o: object, nonDefault: string[]): string {
  const changed = new Set(nonDefault);
  return Object.entries(o)
    .map(([k, v]) => `${changed.has(k) ? '*' : ' '} ${k.padEnd(16)} ${JSON.stringify(v)}`)
    .join('\n');
}
