// GeoGAN's network sizes (SPEC §9; names follow the authors' options.py).
import { InvalidOptionError } from '../../../errors.js';

export interface GeoGANConfig {
  imageSize: number;
  /** Generator base width (ngf). */
  ngf: number;
  /** Discriminator base width (ndf). */
  ndf: number;
  /** Stride-2 convolutions in each encoder (n_downsample). */
  nDownsample: number;
  /** Residual blocks after the fused bottleneck (n_blocks). */
  nBlocks: number;
  /** Discriminator scales. */
  numScales: number;
  /** Stride-2 convolutions per discriminator scale (n_layers_D). */
  nLayersD: number;
  /** Attributes the discriminator's head predicts (nc). */
  attributes: number;
  /**
   * A LeakyReLU(0.2) before the attribute head's convolution and global average (not in the authors'
   * code). Their head averages a linear map of instance-normalised features, so it can only read the
   * shape of each channel's distribution and learns slowly; on a CPU budget it stayed at chance.
   */
  attributeHeadActivation: boolean;
}

/** The authors' training script: 256 px, ngf 16, ndf 64, 3 blocks, 3 scales. */
export const GEOGAN_PAPER: GeoGANConfig = {
  imageSize: 256,
  ngf: 16,
  ndf: 64,
  nDownsample: 3,
  nBlocks: 3,
  numScales: 3,
  nLayersD: 3,
  attributes: 1,
  attributeHeadActivation: false,
};

export function resolveGeoGANConfig(c: Partial<GeoGANConfig> = {}): GeoGANConfig {
  const o = { ...GEOGAN_PAPER, ...c };
  for (const [k, v] of Object.entries(o)) {
    if (k === 'attributeHeadActivation' ? typeof v !== 'boolean' : !Number.isInteger(v) || (v as number) < 1)
      throw new InvalidOptionError(
        `GeoGAN ${k} must be ${k === 'attributeHeadActivation' ? 'true or false' : 'a positive integer'}, got ${v}`,
      );
  }
  if (o.imageSize % 2 ** Math.max(o.nDownsample, o.nLayersD + o.numScales - 1) !== 0) {
    throw new InvalidOptionError(
      `GeoGAN imageSize ${o.imageSize} must be divisible by 2^${Math.max(o.nDownsample, o.nLayersD + o.numScales - 1)} for these depths`,
    );
  }
  return o;
}
