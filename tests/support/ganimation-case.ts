// Builds the models, optimisers and batch of a GANimation reference case (make_ganimation_reference.py).
import { Critic, Generator, type GANimationConfig } from '../../src/models/ganimation/networks/index.js';
import { GANimationLoss, type Batch } from '../../src/models/ganimation/ganimation-loss.js';
import { Adam } from '../../src/nn/index.js';
import { keep, tensor, type Tensor } from '../../src/torch/index.js';
import type { SafetensorsFile } from '../../src/nn/safetensors.js';
import type { Trainables } from '../../src/models/ganimation/ganimation-iteration.js';
import { entry, prefixed } from './reference.js';

export interface Case extends Trainables {
  G: Generator;
  D: Critic;
  batch: Batch;
  gpAlpha: Tensor;
  dispose(): void;
}

export function configOf(ref: SafetensorsFile): GANimationConfig {
  const m = ref.metadata;
  return {
    generator: 'paint',
    colour: true,
    conditioning: 'target',
    motionPrior: false,
    shadingPrior: false,
    contentColour: false,
    colourBeforeWarp: false,
    flowBlur: 0,
    colourBlur: 0,
    brightening: 1,
    rowBlur: 0,
    refiner: false,
    mouthExemplars: false,
    mouthDonors: false,
    shadingStrength: 1,
    motionStrength: 1,
    learnedEyeFlow: 1,
    landmarkFlow: false,
    freeUpperLandmarks: false,
    lidOpeningLimit: -1,
    motionInversion: 0,
    eyeAnchors: false,
    holdEyeCorners: false,
    freeBrowScale: 1,
    imageSize: Number(m.image_size),
    cDim: Number(m.c_dim),
    gConvDim: Number(m.g_conv_dim),
    gRepeatNum: Number(m.g_repeat_num),
    dConvDim: Number(m.d_conv_dim),
    dRepeatNum: Number(m.d_repeat_num),
    partCritics: false,
    partFeatures: 'pixels',
    partHeadGain: 1,
    criticBlur: false,
    criticSpectralNorm: false,
  };
}

export function loadCase(ref: SafetensorsFile): Case {
  const config = configOf(ref);
  const lam = JSON.parse(ref.metadata.lambdas!) as Record<string, number>;
  const G = new Generator(config);
  const D = new Critic(config);
  G.loadStateDict(prefixed(ref, 'G0.'), 'reference G0');
  D.loadStateDict(prefixed(ref, 'D0.'), 'reference D0');
  const loss = new GANimationLoss(G, D, {
    prob: lam.D_prob!,
    cond: lam.D_cond!,
    gp: lam.D_gp!,
    cyc: lam.cyc!,
    mask: lam.mask!,
    maskSmooth: lam.mask_smooth!,
  });
  const adam = { lr: Number(ref.metadata.lr), betas: [0.5, 0.999] as [number, number] };
  const optG = new Adam(G.namedParameters(), adam);
  const optD = new Adam(D.namedParameters(), adam);
  const t = (k: string) => keep(tensor(entry(ref, k).data, entry(ref, k).shape));
  const batch = { real: t('input.real_img'), realCond: t('input.real_cond'), desiredCond: t('input.desired_cond') };
  const gpAlpha = t('input.gp_alpha');
  return {
    G,
    D,
    loss,
    optG,
    optD,
    batch,
    gpAlpha,
    dispose() {
      for (const x of [G, D, optG, optD, batch.real, batch.realCond, batch.desiredCond, gpAlpha]) x.dispose();
    },
  };
}
