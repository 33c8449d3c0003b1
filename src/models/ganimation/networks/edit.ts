// What every GANimation generator family gives the loss, the trainer and the exporter.
import type { Module } from '../../../nn/index.js';
import type { Tensor } from '../../../torch/index.js';
import type { GANimationConfig } from './config.js';

export interface Edit {
  /** The edited image [B, 3, H, W] in [-1, 1]. */
  fake: Tensor;
  /** Attention [B, 1, H, W] in [0, 1]: 1 keeps the (paint: input; flow: warped) pixel. */
  attention: Tensor;
  /** The colour the generator would paint where attention is 0 (sample grids). */
  color: Tensor;
  /** What the mask loss penalises the mean of (paint: A, as published; flow: 1 − A, new content). */
  maskTerm: Tensor;
  /** Flow family: sampling offsets [B, 2, H, W] (x, y) in normalised coordinates. */
  flow?: Tensor;
  /** Flow family with the motion prior: what the learned head adds to the prior's flow [B, 2, H/4, W/4], normalised
   * coordinates. */
  learnedFlow?: Tensor;
  /** Flow family, conditioning 'change': the face's own AUs as the generator reads them [B, cDim], normalised. */
  ownAus?: Tensor;
  /** Flow family told the change, with a colour head: the colour (lightness) it adds to the warped input [B, 3, H,
   * W]. */
  shading?: Tensor;
}

export interface EditingGenerator extends Module {
  readonly config: GANimationConfig;
  /** image [B, 3, H, W] in [-1, 1]; aus [B, cDim] normalised (raw / 5); `own`: the face's own AUs when known
   * (training: the labels), used instead of the generator's own reading by a generator told the change. */
  edit(image: Tensor, aus: Tensor, own?: Tensor): Edit;
}
