// `ganimate train --model <name>`: one command for every model of the registry, its flags generated from the model's
// options table (src/models/<name>/recipe.ts). `train-geogan` and `train-estimator` are the same command with the
// model fixed, kept for the commands people already type.
import { join } from 'node:path';
import { GanimateError } from '../../errors.js';
import { DEFAULT_MODEL, MODELS, modelNamed, modelOfRun } from '../../models/registry.js';
import type { ModelRecipe, RunOptions, TrainControl } from '../../train/recipe.js';
import { describeOptions, readRun } from '../../train/run-folder.js';
import type { Command, OptionSpec } from '../command.js';
import { number } from '../number-option.js';
import { launchLocalRanks, otherRankResult, PARALLEL_OPTIONS, parallelOf, stopAfterOf } from '../parallel-options.js';

type Values = Record<string, string | boolean | undefined>;

/** Flags every model takes, whatever its options table. */
function commonOptions(recipe: ModelRecipe<RunOptions>): Record<string, OptionSpec> {
  return {
    data: { type: 'string', help: 'dataset folder (ganimate, GANimation or OpenFace layout)' },
    config: {
      type: 'string',
      help: `named configuration: ${Object.entries(recipe.configs)
        .map(([k, c]) => `${k} (${c.about})`)
        .join('; ')}`,
      default: recipe.defaultConfig,
    },
    resume: { type: 'string', help: 'continue this run folder from its latest checkpoint' },
    'dry-run': { type: 'boolean', help: 'print the resolved options, check the dataset, and exit' },
    iterations: { type: 'string', help: 'stop after this many iterations (0 = the whole schedule)' },
    seed: { type: 'string', help: 'random seed (default from the configuration)' },
    threads: {
      type: 'string',
      help: 'engine threads (0 = OMP_NUM_THREADS when set, else all cores); may change on --resume',
    },
    runs: { type: 'string', help: 'folder for run folders', default: 'runs' },
    'stop-after': {
      type: 'string',
      help: 'stop with a checkpoint after this many iterations of this call, as Ctrl-C would (continue with --resume)',
    },
    ...PARALLEL_OPTIONS,
  };
}

/** The value of `--model` among raw arguments, if given. */
function flagIn(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${flag}`) return args[i + 1];
    if (args[i]!.startsWith(`--${flag}=`)) return args[i]!.slice(flag.length + 3);
  }
  return undefined;
}

/** The model named by --model, else (with --resume) the run's, else the default. */
function modelFor(args: readonly string[]): ModelRecipe<RunOptions> {
  const named = flagIn(args, 'model');
  if (named) return modelNamed(named);
  const resume = flagIn(args, 'resume');
  if (resume) {
    try {
      return modelOfRun(readRun(resume));
    } catch {
      // the run cannot be read: run() says why, with the default model's flags
    }
  }
  return modelNamed(DEFAULT_MODEL);
}

/** One model's train command. `name` is the command (train, or an alias whose model is fixed). */
export function trainCommandFor(recipe: ModelRecipe<RunOptions>, name = 'train'): Command {
  const fixedModel = name !== 'train';
  const modelFlag: Record<string, OptionSpec> = fixedModel
    ? {}
    : {
        model: {
          type: 'string',
          help: `model to train: ${MODELS.map((m) => `${m.name} (${m.summary})`).join('; ')}; its own flags follow (ganimate train --model NAME --help)`,
          default: DEFAULT_MODEL,
        },
      };
  const own: Record<string, OptionSpec> = Object.fromEntries(
    Object.entries(recipe.flags).map(([flag, f]) => [flag, { type: 'string', help: f.help }]),
  );
  const model = fixedModel ? '' : ` --model ${recipe.name}`;
  return {
    name,
    usage: `ganimate ${name}${model} --data DIR [--config ${Object.keys(recipe.configs).join('|')}] [--resume RUN] [--dry-run]`,
    options: { ...modelFlag, ...commonOptions(recipe), ...own },
    examples: recipe.examples.map((e) => (fixedModel ? e.replace(`train --model ${recipe.name}`, name) : e)),
    specialise: fixedModel ? undefined : (args) => trainCommandFor(modelFor(args), name),
    async run(v: Values) {
      if (v.model !== undefined && v.model !== recipe.name)
        return trainCommandFor(modelNamed(v.model as string)).run(v, []);
      const parallel = parallelOf(v);
      if (parallel?.launch) return launchLocalRanks(name, parallel.launch);
      const control: TrainControl = { parallel: parallel?.rank, ...stopAfterOf(v), extra: {} };
      for (const [flag, f] of Object.entries(recipe.flags))
        if (f.control && v[flag] !== undefined) for (const k of f.keys) control.extra![k] = v[flag] as string;
      let o: RunOptions;
      if (v.resume) {
        // a resumed run is the same run: its options come from its folder, so that it ends as an uninterrupted one
        // would
        const fixed = [
          'data',
          'config',
          'iterations',
          'seed',
          ...Object.entries(recipe.flags)
            .filter(([, f]) => !f.control && !f.resumable)
            .map(([flag]) => flag),
        ].filter((k) => v[k] !== undefined && !(k === 'config' && v[k] === recipe.defaultConfig));
        if (fixed.length)
          throw new GanimateError(
            `--resume continues ${v.resume} with the options in its options.json; ${fixed.map((k) => `--${k}`).join(', ')} cannot change there. To train further with other options, start a new run from its weights${recipe.name === 'ganimation' ? `: ganimate train --data … --init-g ${join(v.resume as string, 'checkpoints', '<iter-…>', 'G.safetensors')} --init-d …/D.safetensors` : ''}`,
          );
        const stored = readRun(v.resume as string);
        const theirs = modelOfRun(stored);
        if (theirs.name !== recipe.name)
          throw new GanimateError(`${v.resume} is a ${theirs.name} run; resume it with --model ${theirs.name}`);
        o = recipe.fromRun ? recipe.fromRun(stored.options) : recipe.resolve(stored.options as unknown as RunOptions);
        control.resumeDir = v.resume as string;
      } else {
        if (!v.data) throw new GanimateError(`${name} needs --data <dataset folder> (or --resume <run folder>)`);
        const overrides: Record<string, unknown> = {
          data: v.data,
          config: v.config ?? recipe.defaultConfig,
          runs: v.runs,
        };
        if (v.iterations !== undefined) overrides.maxIterations = number(v.iterations, 'iterations', 0, 1e9);
        if (v.seed !== undefined) overrides.seed = number(v.seed, 'seed', 0, 2 ** 31);
        for (const [flag, f] of Object.entries(recipe.flags)) {
          if (f.control || f.resumable || v[flag] === undefined) continue;
          for (const k of f.keys) overrides[k] = valueOf(flag, v[flag] as string, f);
        }
        o = recipe.resolve(overrides as unknown as RunOptions);
      }
      // where the run computes may change between calls; what it computes may not
      const where: Record<string, unknown> = {};
      if (v.threads !== undefined) where.threads = number(v.threads, 'threads', 0, 1024);
      for (const [flag, f] of Object.entries(recipe.flags))
        if (f.resumable && v[flag] !== undefined)
          for (const k of f.keys) where[k] = valueOf(flag, v[flag] as string, f);
      if (Object.keys(where).length) {
        const merged = { ...o, ...where };
        o = recipe.fromRun ? recipe.fromRun(merged) : recipe.resolve(merged);
      }
      const data = recipe.checkData(o, { resuming: Boolean(v.resume) });
      const head = `model: ${recipe.name}\noptions (* = changed from the "${o.config}" configuration):\n${describeOptions(o, recipe.nonDefault(o))}\n${data}`;
      if (v['dry-run']) return { text: head, json: { model: recipe.name, options: o, data } };
      process.stderr.write(`${head}\n`);
      const r = await recipe.train(o, control);
      const other = otherRankResult(parallel, r);
      if (other) return other;
      await recipe.afterRun?.(r.runDir);
      return {
        text: `${r.finished ? 'finished' : 'stopped'} at iteration ${r.iteration} of ${r.total}: ${r.runDir}`,
        json: { model: recipe.name, ...r },
      };
    },
  };
}

function valueOf(flag: string, text: string, f: ModelRecipe['flags'][string]): unknown {
  if (f.kind === 'number') return number(text, flag, f.min ?? -Infinity, f.max ?? Infinity);
  if (f.kind === 'string') return text;
  return f.kind(text);
}

export const trainCommand: Command = trainCommandFor(modelNamed(DEFAULT_MODEL));

export const plotCommand: Command = {
  name: 'plot',
  usage: 'ganimate plot RUN [-o curves.png]',
  options: { out: { type: 'string', short: 'o', help: 'output PNG (default RUN/loss-curves.png)' } },
  async run(v, [run]) {
    if (!run) throw new GanimateError('plot needs a run folder');
    const out = (v.out as string | undefined) ?? join(run, 'loss-curves.png');
    const [{ plotRun }, { writeFileAtomic }] = await Promise.all([
      import('../../train/loss-plot.js'),
      import('../../io/atomic-write.js'),
    ]);
    writeFileAtomic(out, await plotRun(join(run, 'stats.jsonl')));
    return { text: `loss curves -> ${out}`, json: { output: out } };
  },
};
