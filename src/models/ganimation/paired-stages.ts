// Stages that learn from paired frames of one person (the driving videos, data/video-pairs.ts) beside faces128's
// unpaired faces: what a face looks like with other AUs is shown, not only judged by the critic.
import type { GANimationConfig } from './networks/config.js';
import type { TrainOptions } from './options.js';
import { CORNER_LIDS_MODEL, landmarkStage } from './landmark-stages.js';

type Stage = { about: string; model: Partial<GANimationConfig>; recipe: Partial<TrainOptions> };

const BASE = landmarkStage(107);

export const PAIRED_STAGES: Record<string, Stage> = {
  'flow-video-pairs': {
    about:
      "flow-change-corner-lids with a lightness head anywhere on the face (colour 'luma', not confined: furrows, folds, the mouth's inside) and the paired loss (λ 300, 4 pairs a generator step) on frames of one person from the driving videos: each first frame edited towards the second's AUs is compared with the second over the face (at λ 50 over the whole crop it stayed at doing nothing's distance while the AU term painted bands), and the colour learns from the pairs alone (colourFrom 'pairs': taught by every term, at λ 300 over the face, it painted bands over foreheads and lips by 1,400 iterations while the pairs' distance stayed within a tenth of doing nothing's), the critic and the AU term training the warp; continues a landmark-family run (--init-g: the colour head starts at zero, --init-d) and needs --video-pairs; 0.5+0.25 epochs (about 45 min on 2 cores)",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: false },
    recipe: {
      ...BASE,
      epochs: 0.5,
      decayEpochs: 0.25,
      emaDecay: 0.995,
      colourFrom: 'pairs',
      lambdas: { ...BASE.lambdas!, paired: 300 },
    },
  },
  'flow-video-pairs-mouth': {
    about:
      "flow-video-pairs with its lightness confined to the mouth (contentColour 'mouth') and 16 pairs a generator step: the content no warp gives (tools/warp-ceiling.ts: even a dense flow fitted to the real frame leaves the jaw's drop and the parted lips at 0.6 and 0.45 of doing nothing) taught by the pairs alone where it is, since unconfined the colour learned from 4 or 16 pairs a step painted brows and foreheads; continues a landmark-family run (--init-g: the colour head starts at zero, --init-d) and needs --video-pairs; 0.3+0.15 epochs (about 40 min on 2 cores)",
    model: { ...CORNER_LIDS_MODEL, colour: 'luma', contentColour: 'mouth' },
    recipe: {
      ...BASE,
      epochs: 0.3,
      decayEpochs: 0.15,
      emaDecay: 0.995,
      colourFrom: 'pairs',
      pairBatch: 16,
      lambdas: { ...BASE.lambdas!, paired: 300 },
    },
  },
  'flow-video-pairs-warp': {
    about:
      "flow-change-corner-lids (the warp alone, no colour head) with the paired loss (λ 300, 4 pairs a generator step, over the face): the pairs teach how one person's face moves between two expressions, beside the critic and the AU term; continues a landmark-family run (--init-g, --init-d) and needs --video-pairs; 0.4+0.15 epochs (about 25 min on 2 cores)",
    model: CORNER_LIDS_MODEL,
    recipe: { ...BASE, epochs: 0.4, decayEpochs: 0.15, emaDecay: 0.995, lambdas: { ...BASE.lambdas!, paired: 300 } },
  },
};
