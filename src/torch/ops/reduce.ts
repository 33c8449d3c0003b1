// Reductions. `dims` omitted (or null) reduces over every element.
import { native } from '../native.js';
import { op, type Tensor, wrap } from '../tensor.js';

const list = (d: number | readonly number[]) => (typeof d === 'number' ? [d] : [...d]);

export const sum = (t: Tensor, dims?: number | readonly number[] | null, keepdim = false): Tensor =>
  op('sum', [t], { dims: dims == null ? null : list(dims), keepdim }, () =>
    native().sum(t.handle, dims == null ? null : list(dims), keepdim),
  );
export const mean = (t: Tensor, dims?: number | readonly number[] | null, keepdim = false): Tensor =>
  op('mean', [t], { dims: dims == null ? null : list(dims), keepdim }, () =>
    native().mean(t.handle, dims == null ? null : list(dims), keepdim),
  );
export const amax = (t: Tensor, dims: number | readonly number[], keepdim = false): Tensor =>
  wrap(native().amax(t.handle, list(dims), keepdim));
export const amin = (t: Tensor, dims: number | readonly number[], keepdim = false): Tensor =>
  op('amin', [t], { dims: list(dims), keepdim }, () => native().amin(t.handle, list(dims), keepdim));
