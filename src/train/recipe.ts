// What a trainable model tells the rest of ganimate (src/models/<name>/recipe.ts implements it; src/models/registry.ts
// lists them): its options table — defaults, named configurations, the flags that set single options — and how it
// trains. `ganimate train --model <name>` is generated from it, so a new model needs no CLI code of its own.
import { InvalidOptionError } from '../errors.js';
import type { ParallelOptions } from './data-parallel.js';
import type { TrainRun } from './loop-support.js';

/** Options every model's training takes, whatever else it has. */
export interface RunOptions {
  /** Dataset folder. */
  data: string;
  /** Named configuration the other values start from. */
  config: string;
  /** Folder that holds numbered run folders. */
  runs: string;
  /** Stop after this many iterations (0 = the whole schedule). */
  maxIterations: number;
  seed: number;
  /** Engine threads (0 = all cores). */
  threads: number;
}

/** How a run is driven, apart from its options (so nothing here changes its result). */
export interface TrainControl {
  /** Continue this run folder from its latest checkpoint. */
  resumeDir?: string;
  /** Stop (with a checkpoint) after this many iterations in this call, as Ctrl-C would. */
  stopAfter?: number;
  log?: (line: string) => void;
  /** Data-parallel training: join this process group (rank, world size, rank 0's address) and take this rank's part
   * of every batch; rank 0 alone writes the run folder. */
  parallel?: ParallelOptions;
  /** Model-specific switches that are not options (e.g. GeoGAN's landmark cache folder). */
  extra?: Record<string, string>;
}

/** One command-line flag of a model: which option it sets, and how its text becomes the value. */
export interface RecipeFlag {
  help: string;
  /** The option key(s) it sets (e.g. --lr sets lrG and lrD). */
  keys: string[];
  /** 'number' within [min, max], 'string' as given, or the model's own parser (which throws InvalidOptionError). */
  kind: 'number' | 'string' | ((text: string) => unknown);
  min?: number;
  max?: number;
  /** A switch handed to the run's control (TrainControl.extra), not an option: it may change on --resume. */
  control?: boolean;
  /** An option that may be given with --resume, replacing the stored value (where a run computes, not what). */
  resumable?: boolean;
}

export interface ModelRecipe<O extends RunOptions = RunOptions> {
  /** The registry's name: `ganimate train --model <name>`. */
  name: string;
  /** One line for help and listings. */
  summary: string;
  defaultConfig: string;
  configs: Record<string, { about: string }>;
  /** Flags beyond the ones every model takes (--data, --config, --iterations, --seed, --threads, --runs, …), by flag
   * name. */
  flags: Record<string, RecipeFlag>;
  /** Examples for help. */
  examples: string[];
  /** The full options from a configuration and single values; unknown keys are errors that list the known ones. */
  resolve(overrides: Partial<O> & { data: string; config?: string }): O;
  /** Keys whose values differ from their configuration's. */
  nonDefault(o: O): string[];
  /** The options of a stored run (its options.json), resolved again (default: resolve). */
  fromRun?(stored: Record<string, unknown>): O;
  /** What the dataset gives this model, in one line, after checking it and the files the options name (the dry run
   * prints it); a resumed run's starting weights are not checked again. */
  checkData(o: O, how: { resuming: boolean }): string;
  /** Trains (loads the engine). */
  train(o: O, control: TrainControl): Promise<TrainRun>;
  /** Optional files made from a finished or stopped run (e.g. loss curves). */
  afterRun?(runDir: string): Promise<void>;
}

/** Throws for keys of `given` that `known` does not have, listing the known ones. */
export function rejectUnknown(model: string, given: object, known: Iterable<string>): void {
  const set = new Set(known);
  const unknown = Object.keys(given).filter((k) => !set.has(k));
  if (unknown.length)
    throw new InvalidOptionError(
      `unknown ${model} option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${[...set].sort().join(', ')}`,
    );
}

/** Keys of `o` whose values differ from `ref`'s (data aside: every run names its own). */
export function changedFrom(o: object, ref: object): string[] {
  const r = ref as Record<string, unknown>;
  return Object.entries(o)
    .filter(([k, v]) => k !== 'data' && JSON.stringify(v) !== JSON.stringify(r[k]))
    .map(([k]) => k);
}
