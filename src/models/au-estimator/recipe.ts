// The AU estimator's entry in the model registry (`ganimate train --model au-estimator`; `ganimate train-estimator`
// is its alias): a GANimation critic's AU head, trained apart from any generator on the dataset's labels.
import { loadFaceDataset } from '../../data/face-dataset.js';
import type { ModelRecipe } from '../../train/recipe.js';
import {
  ESTIMATOR_CONFIGS,
  estimatorNonDefault,
  type EstimatorOptions,
  resolveEstimatorOptions,
} from './estimator-options.js';

export const estimatorRecipe: ModelRecipe<EstimatorOptions> = {
  name: 'au-estimator',
  summary: "AU estimator: reads an aligned face's 17 Action Unit intensities (eval's judge)",
  defaultConfig: 'estimator',
  configs: Object.fromEntries(Object.entries(ESTIMATOR_CONFIGS).map(([k, c]) => [k, { about: c.about }])),
  flags: {
    epochs: { keys: ['epochs'], kind: 'number', min: 0, max: 1e4, help: 'epochs at the full learning rate' },
    'decay-epochs': {
      keys: ['decayEpochs'],
      kind: 'number',
      min: 0,
      max: 1e4,
      help: 'epochs over which the learning rate falls linearly to zero',
    },
    'batch-size': { keys: ['batchSize'], kind: 'number', min: 1, max: 4096, help: 'images per batch' },
    lr: { keys: ['lr'], kind: 'number', min: 1e-8, max: 1, help: 'learning rate' },
    device: { keys: ['device'], kind: 'string', help: "'cpu' or 'cuda' (with a CUDA libtorch)", resumable: true },
  },
  examples: [
    'ganimate train --model au-estimator --data ../shared/datasets/faces128',
    'ganimate train --model au-estimator --data ../shared/datasets/faces128 --nproc 2   # two ranks on this machine',
  ],
  resolve: (o) => resolveEstimatorOptions(o),
  // the network comes from the stored configuration's name; the rest is as the run was started
  fromRun: ({ model: _model, ...stored }) => resolveEstimatorOptions(stored as EstimatorOptions),
  nonDefault: estimatorNonDefault,
  checkData(o) {
    const data = loadFaceDataset(o.data);
    return `dataset: ${o.data} (${data.layout} layout, ${data.train.length} train, ${data.test.length} test)`;
  },
  async train(o, control) {
    const { trainEstimator } = await import('./estimator.js'); // loads the libtorch engine
    return trainEstimator(o, control);
  },
};
