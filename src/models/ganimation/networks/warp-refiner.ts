// config.refiner: the flow family's colour head decodes its lightness from the photo's 1/4-size features, before the
// warp, so it has to guess where the warped lips, lids and brows will be, and paints soft content about them. The
// refiner reads what the warp made instead — the warped photo, the flow that made it and the lightness the head
// planned, all at full size — through a small U-Net whose skips keep the warped face's own edges, and corrects the
// planned lightness there (as warp-guided refiners of single-photo animation do: a warp for the motion, a network
// that sees the warped face for the detail). Its last layer starts at zero, so a stage with it starts as the stage
// without it.
import { Conv2d, InstanceNorm2d, Module, ReLU, ResidualBlock, Sequential, Upsample2x } from '../../../nn/index.js';
import { cat, fill_, mul, noGrad, type Tensor } from '../../../torch/index.js';

/** Widths at full, 1/2 and 1/4 size. */
const WIDTHS = [32, 64, 64] as const;
/** The flow's offsets (of the [-1, 1] grid) are a few hundredths; this brings them to the order of the image's. */
const FLOW_INPUT_SCALE = 10;

const block = (from: number, to: number, kernel: number, stride = 1) =>
  [
    new Conv2d(from, to, kernel, { stride, padding: stride === 2 ? 1 : (kernel - 1) / 2, bias: false }),
    new InstanceNorm2d(to),
    new ReLU(),
  ] as const;

export class WarpRefiner extends Module {
  private readonly full: Sequential;
  private readonly half: Sequential;
  private readonly quarter: Sequential;
  private readonly upHalf: Sequential;
  private readonly mergeHalf: Sequential;
  private readonly upFull: Sequential;
  private readonly out: Conv2d;

  constructor() {
    super();
    const [a, b, c] = WIDTHS;
    // warped photo (3), flow (2), planned lightness (1)
    this.full = this.child('full', new Sequential(...block(6, a, 3)));
    this.half = this.child('half', new Sequential(...block(a, b, 4, 2)));
    this.quarter = this.child(
      'quarter',
      new Sequential(...block(b, c, 4, 2), new ResidualBlock(c), new ResidualBlock(c)),
    );
    this.upHalf = this.child('up_half', new Sequential(new Upsample2x('nearest'), ...block(c, b, 3)));
    this.mergeHalf = this.child('merge_half', new Sequential(...block(2 * b, a, 3)));
    this.upFull = this.child('up_full', new Sequential(new Upsample2x('nearest'), ...block(a, a, 3)));
    this.out = this.child('out', new Conv2d(2 * a, 1, 3, { padding: 1 }));
    noGrad(() => {
      for (const [, p] of this.out.namedParameters()) fill_(p, 0);
    });
  }

  /** warped [B, 3, H, W] in [-1, 1]; flow [B, 2, H, W]; planned [B, 1, H, W] (the head's lightness before it is
   * bounded). Returns the correction to `planned` [B, 1, H, W]. */
  forward(warped: Tensor, flow: Tensor, planned: Tensor): Tensor {
    const f = this.full.forward(cat([warped, mul(flow, FLOW_INPUT_SCALE), planned], 1));
    const h = this.half.forward(f);
    const q = this.quarter.forward(h);
    const m = this.mergeHalf.forward(cat([this.upHalf.forward(q), h], 1));
    return this.out.forward(cat([this.upFull.forward(m), f], 1));
  }
}
