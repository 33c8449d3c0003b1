// Critics of one part of an aligned face, the mouth and the eyes, beside the whole-face critic (as inpainting's local
// discriminator beside its global one): a whole-face critic averages a smeared mouth away over the rest of the face,
// which is what eval's part gate (metrics/part-realism.ts) and the sample sheets still see. No AU head: they judge
// looks.
import { FACE_PARTS, partBox, type FacePart } from '../../../face/part-boxes.js';
import { Conv2d, LeakyReLU, Module, Sequential, type Layer } from '../../../nn/index.js';
import { select, slice, type Tensor } from '../../../torch/index.js';

/** Stride-2 layers of a part critic: the 128-px mouth box (34 × 64) becomes 4 × 8 patch scores. */
const PART_LAYERS = 3;

/** The part's box cut out of aligned images [B, C, S, S] (a view: gradients flow back into the whole image). */
export function cropPart(image: Tensor, part: FacePart): Tensor {
  const b = partBox(part, image.shape[3]!);
  return slice(slice(image, 2, b.top, b.top + b.height), 3, b.left, b.left + b.width);
}

/** One part's critic: crop [B, 3, h, w] → patch scores [B, h/8, w/8]. */
export class PartCritic extends Module {
  readonly main: Sequential;
  readonly score: Conv2d;

  constructor(width: number) {
    super();
    const layers: Layer[] = [];
    let d = 3;
    for (let i = 0; i < PART_LAYERS; i++) {
      const next = width * 2 ** i;
      layers.push(new Conv2d(d, next, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.01));
      d = next;
    }
    this.main = this.child('main', new Sequential(...layers));
    this.score = this.child('score', new Conv2d(d, 1, 3, { padding: 1, bias: false }));
  }

  forward(crop: Tensor): Tensor {
    return select(this.score.forward(this.main.forward(crop)), 1, 0);
  }
}

/** A critic per face part, each judging its box of the whole aligned image. */
export class PartCritics extends Module {
  readonly critics: Record<FacePart, PartCritic>;

  constructor(width: number) {
    super();
    this.critics = Object.fromEntries(FACE_PARTS.map((p) => [p, this.child(p, new PartCritic(width))])) as Record<
      FacePart,
      PartCritic
    >;
  }

  /** Patch scores of `part` of aligned images [B, 3, S, S]. */
  judge(image: Tensor, part: FacePart): Tensor {
    return this.critics[part].forward(cropPart(image, part));
  }
}
