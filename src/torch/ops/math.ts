// Elementwise arithmetic and activations. A number operand broadcasts like a PyTorch scalar.
import { native } from '../native.js';
import { op, type Tensor, wrap } from '../tensor.js';

type Operand = Tensor | number;
const h = (x: Operand) => (typeof x === 'number' ? x : x.handle);

export const add = (a: Operand, b: Operand): Tensor => op('add', [a, b], {}, () => native().add(h(a), h(b)));
export const sub = (a: Operand, b: Operand): Tensor => op('sub', [a, b], {}, () => native().sub(h(a), h(b)));
export const mul = (a: Operand, b: Operand): Tensor => op('mul', [a, b], {}, () => native().mul(h(a), h(b)));
export const div = (a: Operand, b: Operand): Tensor => op('div', [a, b], {}, () => native().div(h(a), h(b)));
export const neg = (t: Tensor): Tensor => op('neg', [t], {}, () => native().neg(t.handle));
export const abs = (t: Tensor): Tensor => op('abs', [t], {}, () => native().abs(t.handle));
export const sqrt = (t: Tensor): Tensor => op('sqrt', [t], {}, () => native().sqrt(t.handle));
export const exp = (t: Tensor): Tensor => op('exp', [t], {}, () => native().exp(t.handle));
export const log = (t: Tensor): Tensor => op('log', [t], {}, () => native().log(t.handle));
export const sign = (t: Tensor): Tensor => wrap(native().sign(t.handle));
export const pow = (t: Tensor, e: Operand): Tensor => op('pow', [t, e], {}, () => native().pow(t.handle, h(e)));
export const clamp = (t: Tensor, min: number | null, max: number | null): Tensor =>
  op('clamp', [t], { min, max }, () => native().clamp(t.handle, min, max));
/** cond > 0.5 ? a : b */
export const where = (cond: Tensor, a: Tensor, b: Tensor): Tensor =>
  wrap(native().where(cond.handle, a.handle, b.handle));
/** 1 where a > b, else 0 (float32). */
export const gt = (a: Tensor, b: Operand): Tensor => wrap(native().gt(a.handle, h(b)));
export const matmul = (a: Tensor, b: Tensor): Tensor => wrap(native().matmul(a.handle, b.handle));

export const relu = (t: Tensor): Tensor => op('relu', [t], {}, () => native().relu(t.handle));
export const leakyRelu = (t: Tensor, slope = 0.01): Tensor =>
  op('leakyRelu', [t], { slope }, () => native().leakyRelu(t.handle, slope));
export const tanh = (t: Tensor): Tensor => op('tanh', [t], {}, () => native().tanh(t.handle));
export const sigmoid = (t: Tensor): Tensor => op('sigmoid', [t], {}, () => native().sigmoid(t.handle));
