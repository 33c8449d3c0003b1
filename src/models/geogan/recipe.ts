// GeoGAN's entry in the model registry (`ganimate train --model geogan`; `ganimate train-geogan` is its alias): an
// attribute moved from one face onto another with a geometry-aware flow, trained on pairs of faces with and without it.
import { attributeGroups, limitGroups } from '../../data/attribute-pairs.js';
import { loadFaceDataset } from '../../data/face-dataset.js';
import type { ModelRecipe } from '../../train/recipe.js';
import { GEOGAN_CONFIGS, geoganNonDefault, type GeoGANTrainOptions, resolveGeoGANOptions } from './geogan-options.js';

export const geoganRecipe: ModelRecipe<GeoGANTrainOptions> = {
  name: 'geogan',
  summary: 'GeoGAN: moves a facial attribute (a smile) from one face onto another with a geometry-aware flow',
  defaultConfig: 'geogan',
  configs: GEOGAN_CONFIGS,
  flags: {
    attribute: {
      keys: ['attribute'],
      kind: 'string',
      help: 'attribute to learn (smile: faces with AU12 present vs absent make the pairs)',
    },
    faces: {
      keys: ['facesPerGroup'],
      kind: 'number',
      min: 0,
      max: 1e9,
      help: 'train on at most this many faces with the attribute and as many without (seeded sample; 0 = all; default from the configuration)',
    },
    'landmark-cache': {
      keys: ['landmarkCache'],
      kind: 'string',
      control: true,
      help: 'folder for the cached dataset landmarks (default ~/.cache/ganimate/landmarks)',
    },
  },
  examples: [
    'ganimate train --model geogan --data ../shared/datasets/faces128 --attribute smile',
    'ganimate train --model geogan --data ../shared/datasets/faces128 --nproc 2   # two ranks on this machine',
  ],
  resolve: (o) => resolveGeoGANOptions(o),
  nonDefault: geoganNonDefault,
  checkData(o) {
    const data = loadFaceDataset(o.data);
    const g = limitGroups(attributeGroups(data, data.train, o.attribute), o.facesPerGroup, o.seed);
    return `${o.attribute}: ${g.with.length} training faces with it, ${g.without.length} without`;
  },
  async train(o, control) {
    const { trainGeoGAN } = await import('./geogan-trainer.js'); // loads the libtorch engine
    return trainGeoGAN(o, { ...control, landmarkCache: control.extra?.landmarkCache });
  },
};
