// `ganimate train-estimator`: `ganimate train --model au-estimator` under the name people already type.
import { modelNamed } from '../../models/registry.js';
import { trainCommandFor } from './train.js';

export const trainEstimatorCommand = trainCommandFor(modelNamed('au-estimator'), 'train-estimator');
