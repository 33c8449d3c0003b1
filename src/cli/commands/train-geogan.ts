import { GanimateError } from '../../errors.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import { attributeGroups, limitGroups } from '../../data/attribute-pairs.js';
import { GEOGAN_CONFIGS, type GeoGANTrainOptions, resolveGeoGANOptions } from '../../train/geogan-options.js';
import { readRunOptions } from '../../train/run-folder.js';
import type { Command } from '../command.js';
import { number } from '../number-option.js';
import { launchLocalRanks, otherRankResult, PARALLEL_OPTIONS, parallelOf, stopAfterOf } from '../parallel-options.js';

export const trainGeoGANCommand: Command = {
  name: 'train-geogan',
  usage:
    'ganimate train-geogan --data DIR [--attribute smile] [--config geogan|geogan-paper|geogan-tiny] [--resume RUN] [--dry-run]',
  options: {
    data: {
      type: 'string',
      help: 'dataset folder with AU labels (faces with AU12 present vs absent make the smile pairs)',
    },
    attribute: { type: 'string', help: 'attribute to learn', default: 'smile' },
    config: {
      type: 'string',
      help: `named configuration: ${Object.entries(GEOGAN_CONFIGS)
        .map(([k, c]) => `${k} (${c.about})`)
        .join('; ')}`,
      default: 'geogan',
    },
    resume: { type: 'string', help: 'continue this run folder from its latest checkpoint' },
    'dry-run': { type: 'boolean', help: 'print the resolved options and the pair counts, and exit' },
    iterations: { type: 'string', help: 'stop after this many iterations (0 = the whole schedule)' },
    faces: {
      type: 'string',
      help: 'train on at most this many faces with the attribute and as many without (seeded sample; 0 = all; default from the configuration)',
    },
    'landmark-cache': {
      type: 'string',
      help: 'folder for the cached dataset landmarks (default ~/.cache/ganimate/landmarks)',
    },
    runs: { type: 'string', help: 'folder for run folders', default: 'runs' },
    seed: { type: 'string', help: 'random seed (default from the configuration)' },
    threads: { type: 'string', help: 'engine threads (0 = all cores)' },
    'stop-after': {
      type: 'string',
      help: 'stop with a checkpoint after this many iterations of this call, as Ctrl-C would (continue with --resume)',
    },
    ...PARALLEL_OPTIONS,
  },
  examples: [
    'ganimate train-geogan --data ../shared/datasets/faces128 --attribute smile',
    'ganimate train-geogan --data ../shared/datasets/faces128 --attribute smile --nproc 2   # two ranks on this machine',
  ],
  async run(v) {
    const parallel = parallelOf(v);
    if (parallel?.launch) return launchLocalRanks('train-geogan', parallel.launch);
    let o: GeoGANTrainOptions;
    if (v.resume) {
      o = readRunOptions(v.resume as string) as unknown as GeoGANTrainOptions;
    } else {
      if (!v.data) throw new GanimateError('train-geogan needs --data <dataset folder> (or --resume <run folder>)');
      o = resolveGeoGANOptions({
        data: v.data as string,
        config: v.config as string,
        attribute: v.attribute as string,
        runs: v.runs as string,
        ...(v.iterations !== undefined ? { maxIterations: number(v.iterations, 'iterations', 0, 1e9) } : {}),
        ...(v.faces !== undefined ? { facesPerGroup: number(v.faces, 'faces', 0, 1e9) } : {}),
        ...(v.seed !== undefined ? { seed: number(v.seed, 'seed', 0, 2 ** 31) } : {}),
      });
    }
    if (v.threads !== undefined) o = { ...o, threads: number(v.threads, 'threads', 0, 1024) };
    const data = loadFaceDataset(o.data);
    const g = limitGroups(attributeGroups(data, data.train, o.attribute), o.facesPerGroup, o.seed);
    const head = `options:\n${JSON.stringify(o, null, 1)}\n${o.attribute}: ${g.with.length} training faces with it, ${g.without.length} without`;
    if (v['dry-run']) return { text: head, json: { options: o, with: g.with.length, without: g.without.length } };
    process.stderr.write(`${head}\n`);
    const { trainGeoGAN } = await import('../../train/geogan-trainer.js'); // loads the libtorch engine
    const r = await trainGeoGAN(o, {
      resumeDir: v.resume as string | undefined,
      landmarkCache: v['landmark-cache'] as string | undefined,
      parallel: parallel?.rank,
      ...stopAfterOf(v),
    });
    const other = otherRankResult(parallel, r);
    if (other) return other;
    return {
      text: `${r.finished ? 'finished' : 'stopped'} at iteration ${r.iteration} of ${r.total}: ${r.runDir}`,
      json: r,
    };
  },
};
