// Elementwise arithmetic and activations. A number operand broadcasts like a PyTorch scalar.
import { native } from '../native.js';
import { type Tensor, wrap } from '../tensor.js';

type Operand = Tensor | number;
const h = (x: Operand) => (typeof x === 'number' ? x : x.handle);

export const add = (a: Operand, b: Operand): Tensor => wrap(native().add(h(a), h(b)));
export const sub = (a: Operand, b: Operand): Tensor => wrap(native().sub(h(a), h(b)));
export const mul = (a: Operand, b: Operand): Tensor => wrap(native().mul(h(a), h(b)));
export const div = (a: Operand, b: Operand): Tensor => wrap(native().div(h(a), h(b)));
export const neg = (t: Tensor): Tensor => wrap(native().neg(t.handle));
export const abs = (t: Tensor): Tensor => wrap(native().abs(t.handle));
export const sqrt = (t: Tensor): Tensor => wrap(native().sqrt(t.handle));
export const exp = (t: Tensor): Tensor => wrap(native().exp(t.handle));
export const log = (t: Tensor): Tensor => wrap(native().log(t.handle));
export const sign = (t: Tensor): Tensor => wrap(native().sign(t.handle));
export const pow = (t: Tensor, e: Operand): Tensor => wrap(native().pow(t.handle, h(e)));
export const clamp = (t: Tensor, min: number | null, max: number | null): Tensor => wrap(native().clamp(t.handle, min, max));
/** cond > 0.5 ? a : b */
export const where = (cond: Tensor, a: Tensor, b: Tensor): Tensor => wrap(native().where(cond.handle, a.handle, b.handle));
/** 1 where a > b, else 0 (float32). */
export const gt = (a: Tensor, b: Operand): Tensor => wrap(native().gt(a.handle, h(b)));
export const matmul = (a: Tensor, b: Tensor): Tensor => wrap(native().matmul(a.handle, b.handle));

export const relu = (t: Tensor): Tensor => wrap(native().relu(t.handle));
export const leakyRelu = (t: Tensor, slope = 0.01): Tensor => wrap(native().leakyRelu(t.handle, slope));
export const tanh = (t: Tensor): Tensor => wrap(native().tanh(t.handle));
export const sigmoid = (t: Tensor): Tensor => wrap(native().sigmoid(t.handle));
