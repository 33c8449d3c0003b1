// Neural-network kernels over NCHW tensors.
import type { Reduction } from '../native-types.js';
import { native } from '../native.js';
import { op, type Tensor, wrap } from '../tensor.js';

type Pair = [number, number];
const pair = (v: number | Pair): Pair => (typeof v === 'number' ? [v, v] : v);

export interface ConvOptions {
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  groups?: number;
}

/** Weights OIHW, as PyTorch. */
export function conv2d(x: Tensor, w: Tensor, bias: Tensor | null = null, o: ConvOptions = {}): Tensor {
  const [stride, padding, dilation, groups] = [
    pair(o.stride ?? 1),
    pair(o.padding ?? 0),
    pair(o.dilation ?? 1),
    o.groups ?? 1,
  ];
  return op('conv2d', [x, w, bias], { stride, padding, dilation, groups }, () =>
    native().conv2d(x.handle, w.handle, bias?.handle ?? null, stride, padding, dilation, groups),
  );
}

/** Weights IOHW, as PyTorch. */
export function convTranspose2d(
  x: Tensor,
  w: Tensor,
  bias: Tensor | null = null,
  o: ConvOptions & { outputPadding?: number | Pair } = {},
): Tensor {
  const [stride, padding, outputPadding, groups, dilation] = [
    pair(o.stride ?? 1),
    pair(o.padding ?? 0),
    pair(o.outputPadding ?? 0),
    o.groups ?? 1,
    pair(o.dilation ?? 1),
  ];
  return op('convTranspose2d', [x, w, bias], { stride, padding, outputPadding, groups, dilation }, () =>
    native().convTranspose2d(
      x.handle,
      w.handle,
      bias?.handle ?? null,
      stride,
      padding,
      outputPadding,
      groups,
      dilation,
    ),
  );
}

/** Per-sample, per-channel statistics with biased variance; no running statistics. */
export const instanceNorm = (x: Tensor, weight: Tensor | null, bias: Tensor | null, eps = 1e-5): Tensor =>
  op('instanceNorm', [x, weight, bias], { eps }, () =>
    native().instanceNorm(x.handle, weight?.handle ?? null, bias?.handle ?? null, eps),
  );

export const avgPool2d = (
  x: Tensor,
  kernel: number | Pair,
  stride?: number | Pair,
  padding: number | Pair = 0,
  countIncludePad = true,
): Tensor => wrap(native().avgPool2d(x.handle, pair(kernel), pair(stride ?? kernel), pair(padding), countIncludePad));

export const maxPool2d = (
  x: Tensor,
  kernel: number | Pair,
  stride?: number | Pair,
  padding: number | Pair = 0,
  ceilMode = false,
): Tensor => wrap(native().maxPool2d(x.handle, pair(kernel), pair(stride ?? kernel), pair(padding), ceilMode));

/** Batch normalisation with running statistics (inference; no gradient tracking of the statistics). */
export const batchNormEval = (
  x: Tensor,
  weight: Tensor,
  bias: Tensor,
  runningMean: Tensor,
  runningVar: Tensor,
  eps = 1e-5,
): Tensor =>
  wrap(native().batchNormEval(x.handle, weight.handle, bias.handle, runningMean.handle, runningVar.handle, eps));

export const interpolate = (
  x: Tensor,
  size: Pair,
  mode: 'bilinear' | 'nearest' | 'bicubic' = 'bilinear',
  alignCorners = false,
): Tensor =>
  op('interpolate', [x], { size, mode, alignCorners }, () => native().interpolate(x.handle, size, mode, alignCorners));

export interface GridSampleOptions {
  mode?: 'bilinear' | 'nearest' | 'bicubic';
  padding?: 'zeros' | 'border' | 'reflection';
  alignCorners?: boolean;
}

/** Samples x [N,C,H,W] at grid [N,h,w,2] (x then y, in [-1, 1]); differentiable in both. */
export function gridSample(x: Tensor, grid: Tensor, o: GridSampleOptions = {}): Tensor {
  const [mode, padding, alignCorners] = [o.mode ?? 'bilinear', o.padding ?? 'zeros', o.alignCorners ?? false];
  return op('gridSample', [x, grid], { mode, padding, alignCorners }, () =>
    native().gridSample(x.handle, grid.handle, mode, padding, alignCorners),
  );
}

export const mseLoss = (a: Tensor, b: Tensor, reduction: Reduction = 'mean'): Tensor =>
  wrap(native().mseLoss(a.handle, b.handle, reduction));
export const l1Loss = (a: Tensor, b: Tensor, reduction: Reduction = 'mean'): Tensor =>
  wrap(native().l1Loss(a.handle, b.handle, reduction));
export const bceWithLogits = (logits: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor =>
  wrap(native().bceWithLogits(logits.handle, target.handle, reduction));
