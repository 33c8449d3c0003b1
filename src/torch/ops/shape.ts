// Views, joins, slices and padding.
import { native } from '../native.js';
import { op, type Shape, type Tensor, wrap } from '../tensor.js';

export const reshape = (t: Tensor, shape: Shape): Tensor =>
  op('reshape', [t], { shape: [...shape] }, () => native().reshape(t.handle, [...shape]));
export const permute = (t: Tensor, dims: readonly number[]): Tensor =>
  op('permute', [t], { dims: [...dims] }, () => native().permute(t.handle, [...dims]));
export const transpose = (t: Tensor, d0: number, d1: number): Tensor => wrap(native().transpose(t.handle, d0, d1));
export const contiguous = (t: Tensor): Tensor => wrap(native().contiguous(t.handle));
/** Broadcasts size-1 dims to `shape` without copying (-1 keeps a dim). */
export const expand = (t: Tensor, shape: Shape): Tensor =>
  op('expand', [t], { shape: [...shape] }, () => native().expand(t.handle, [...shape]));
/** Tiles t `repeats[i]` times along each dim (copies). */
export const repeat = (t: Tensor, repeats: readonly number[]): Tensor => wrap(native().repeat(t.handle, [...repeats]));
export const unsqueeze = (t: Tensor, dim: number): Tensor =>
  op('unsqueeze', [t], { dim }, () => native().unsqueeze(t.handle, dim));
export const squeeze = (t: Tensor, dim: number): Tensor => wrap(native().squeeze(t.handle, dim));
export const flatten = (t: Tensor, start = 0, end = -1): Tensor =>
  op('flatten', [t], { start, end }, () => native().flatten(t.handle, start, end));
export const cat = (ts: readonly Tensor[], dim = 0): Tensor =>
  op('cat', ts, { dim }, () =>
    native().cat(
      ts.map((t) => t.handle),
      dim,
    ),
  );
export const stack = (ts: readonly Tensor[], dim = 0): Tensor =>
  wrap(
    native().stack(
      ts.map((t) => t.handle),
      dim,
    ),
  );
/** t[start:end:step] along dim (a view); end may exceed the size. */
export const slice = (t: Tensor, dim: number, start: number, end: number, step = 1): Tensor =>
  wrap(native().slice(t.handle, dim, start, end, step));
export const select = (t: Tensor, dim: number, index: number): Tensor =>
  op('select', [t], { dim, index }, () => native().select(t.handle, dim, index));
export const indexSelect = (t: Tensor, dim: number, index: Tensor): Tensor =>
  wrap(native().indexSelect(t.handle, dim, index.handle));
export const flip = (t: Tensor, dims: readonly number[]): Tensor => wrap(native().flip(t.handle, [...dims]));
/** Pads the last two dims: pads = [left, right, top, bottom] (PyTorch's F.pad order). */
export const pad = (
  t: Tensor,
  pads: readonly number[],
  mode: 'constant' | 'reflect' | 'replicate' = 'constant',
  value = 0,
): Tensor => op('pad', [t], { pads: [...pads], mode, value }, () => native().pad(t.handle, [...pads], mode, value));
