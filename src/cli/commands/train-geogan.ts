// `ganimate train-geogan`: `ganimate train --model geogan` under the name people already type.
import { modelNamed } from '../../models/registry.js';
import { trainCommandFor } from './train.js';

export const trainGeoGANCommand = trainCommandFor(modelNamed('geogan'), 'train-geogan');
