// GeoGAN's transfer generator (SPEC §9; the authors' FlowGenerator): a flow network and a mask
// network, each a shared encoder over target A and reference B with fused skips; a refinement
// residual inside the mask; and the removal network F. Names follow the reference's state dict.
import { Module, Sequential } from '../../../nn/index.js';
import { add, cat, clamp, detach, div, mul, neg, sigmoid, sub, tanh, type Tensor } from '../../../torch/index.js';
import { fusedBlock, ResnetBlock, SkipConnHead, SkipConnTail } from './blocks.js';
import { type GeoGANConfig, resolveGeoGANConfig } from './config.js';
import { warp } from '../../../nn/warp.js';

export interface Transfer {
  /** A with B's attribute, in [−1, 1]. */
  fake: Tensor;
  /** Sampling offsets [N, 2, H, W] (x, y; normalised) that carry B onto A's geometry. */
  flow: Tensor;
  /** Where the warped reference is blended in, [N, 1, H, W], in A's frame. */
  mask: Tensor;
  /** The mask warped back by −flow into B's frame (what F and the mask loss see, as in the reference). */
  backMask: Tensor;
  /** B warped onto A. */
  warped: Tensor;
  /** The refinement residual added inside the mask. */
  residual: Tensor;
}

const fuse = (a: Tensor[], b: Tensor[]) => a.map((x, i) => cat([x, b[i]!], 1));

export class GeoGANGenerator extends Module {
  readonly config: GeoGANConfig;
  private readonly flowHead: SkipConnHead;
  private readonly flowBlock: Sequential;
  private readonly flowTail: SkipConnTail;
  private readonly maskHead: SkipConnHead;
  private readonly maskBlock: Sequential;
  private readonly maskTail: SkipConnTail;
  private readonly refineHead: SkipConnHead;
  private readonly refineTail: SkipConnTail;
  private readonly removeHead: SkipConnHead;
  private readonly removeBlock: Sequential;
  private readonly removeTail: SkipConnTail;

  constructor(config: Partial<GeoGANConfig> = {}) {
    super();
    this.config = resolveGeoGANConfig(config);
    const { nDownsample: nd, ngf: nf, nBlocks } = this.config;
    this.flowHead = this.child('flow_head', new SkipConnHead(3, nd, nf));
    this.flowBlock = this.child('flow_block', fusedBlock(nf, nd, nBlocks));
    this.flowTail = this.child('flow_tail_By', new SkipConnTail(2, nd, nf, 3));
    this.maskHead = this.child('mask_head', new SkipConnHead(3, nd, nf));
    this.maskBlock = this.child('mask_block', fusedBlock(nf, nd, nBlocks));
    this.maskTail = this.child('flow_mask_tail', new SkipConnTail(1, nd, nf, 3));
    this.refineHead = this.child('flow_res_head', new SkipConnHead(4, nd, nf));
    this.refineTail = this.child('flow_res_tail', new SkipConnTail(3, nd, nf, 2));
    this.removeHead = this.child('res_head', new SkipConnHead(4, nd, nf));
    this.removeBlock = this.child(
      'res_block',
      new Sequential(...Array.from({ length: nBlocks }, () => new ResnetBlock(nf * 2 ** nd))),
    );
    this.removeTail = this.child('res_tail', new SkipConnTail(3, nd, nf, 2));
  }

  /** Adds B's attribute to A. `refine` is the weight w of the refinement residual (0 early in training). */
  addAttribute(a: Tensor, b: Tensor, refine: number): Transfer {
    const f = fuse(this.flowHead.forward(a), this.flowHead.forward(b));
    const flow = div(this.flowTail.forward(this.flowBlock.forward(f.at(-1)!), f), 10);
    const warped = warp(b, flow);
    const m = fuse(this.maskHead.forward(a), this.maskHead.forward(b));
    const mask = sigmoid(this.maskTail.forward(this.maskBlock.forward(m.at(-1)!), m));
    const blended = add(mul(a, sub(1, mask)), mul(warped, mask));
    const s = this.refineHead.forward(cat([blended, detach(mask)], 1));
    const residual = mul(mul(tanh(this.refineTail.forward(s.at(-1)!, s)), 2 * refine), mask);
    return {
      fake: clamp(add(blended, residual), -1, 1),
      flow,
      mask,
      backMask: warp(mask, neg(flow)),
      warped,
      residual,
    };
  }

  /** F: removes the attribute where `mask` says it is: clamp(x + 2·tanh(r), −1, 1). */
  removeAttribute(image: Tensor, mask: Tensor): Tensor {
    const s = this.removeHead.forward(cat([image, mask], 1));
    return clamp(add(image, mul(tanh(this.removeTail.forward(this.removeBlock.forward(s.at(-1)!), s)), 2)), -1, 1);
  }
}
