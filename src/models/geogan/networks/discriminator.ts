// GeoGAN's discriminator (the authors' AttrMultiScalePatchDisc): per scale, stride-2 convs, three
// parallel dilated convs (rates 2, 4, 6) merged by a 1×1 conv, a patch map and an attribute head;
// scales see the image average-pooled by 2 each time.
import { Conv2d, InstanceNorm2d, type Layer, LeakyReLU, Module, Sequential } from '../../../nn/index.js';
import { avgPool2d, cat, leakyRelu, mean, type Tensor } from '../../../torch/index.js';
import { type GeoGANConfig, resolveGeoGANConfig } from './config.js';

export interface PatchOutput {
  /** Real/fake scores per patch, [N, 1, h, w] (LSGAN, no sigmoid). */
  patch: Tensor;
  /** Attribute logits [N, attributes] (the reference applies a sigmoid; BCE is taken on logits here). */
  attribute: Tensor;
}

export class SinglePatchDisc extends Module {
  readonly dLayers: Sequential;
  private readonly dilated: Conv2d[];
  readonly dilateConcat: Conv2d;
  readonly discLayer: Conv2d;
  readonly attrLayer: Sequential;

  constructor(
    ndf: number,
    nLayers: number,
    attributes: number,
    private readonly headActivation = false,
  ) {
    super();
    const l: Layer[] = [];
    let c = 3;
    for (let i = 0; i < nLayers; i++) {
      const next = Math.min(ndf * 2 ** i, 512);
      l.push(new Conv2d(c, next, 3, { stride: 2, padding: 1 }));
      if (i > 0) l.push(new InstanceNorm2d(next, false));
      l.push(new LeakyReLU(0.2));
      c = next;
    }
    this.dLayers = this.child('d_layers', new Sequential(...l));
    this.dilated = [2, 4, 6].map((d) =>
      this.child(`dilate_layer_${d}`, new Conv2d(c, 512, 3, { dilation: d, padding: d })),
    );
    this.dilateConcat = this.child('dilate_concat', new Conv2d(1536, 512, 1));
    this.discLayer = this.child('disc_layer', new Conv2d(512, 1, 3, { padding: 1 }));
    this.attrLayer = this.child('attr_layer', new Sequential(new Conv2d(512, attributes, 3, { padding: 1 })));
  }

  forward(x: Tensor): PatchOutput {
    const h = this.dLayers.forward(x);
    const merged = this.dilateConcat.forward(
      cat(
        this.dilated.map((d) => d.forward(h)),
        1,
      ),
    );
    return {
      patch: this.discLayer.forward(merged),
      attribute: mean(this.attrLayer.forward(this.headActivation ? leakyRelu(merged, 0.2) : merged), [2, 3]),
    };
  }
}

export class GeoGANDiscriminator extends Module {
  readonly config: GeoGANConfig;
  private readonly scales: SinglePatchDisc[];

  constructor(config: Partial<GeoGANConfig> = {}) {
    super();
    this.config = resolveGeoGANConfig(config);
    const { ndf, nLayersD, attributes, numScales, attributeHeadActivation } = this.config;
    this.scales = Array.from({ length: numScales }, (_, i) =>
      this.child(`disc_${i}`, new SinglePatchDisc(ndf, nLayersD, attributes, attributeHeadActivation)),
    );
  }

  /** One output per scale, full resolution first. */
  forward(x: Tensor): PatchOutput[] {
    const out: PatchOutput[] = [];
    let h = x;
    for (const [i, d] of this.scales.entries()) {
      if (i > 0) h = avgPool2d(h, 3, 2, 1, false);
      out.push(d.forward(h));
    }
    return out;
  }
}
