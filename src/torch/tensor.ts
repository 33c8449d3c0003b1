// The TypeScript face of a native tensor: float32, any device, tracked by scopes.
import { InvalidOptionError } from '../errors.js';
import { native, type NativeTensor } from './native.js';
import { type AttrValue, noteCreated, reported } from './observe.js';
import { track } from './scope.js';

export type Shape = readonly number[];

export class Tensor {
  kept = false;
  private shapeCache: number[] | undefined;

  constructor(readonly handle: NativeTensor) {
    track(this);
  }

  get shape(): number[] {
    this.shapeCache ??= this.handle.shape();
    return this.shapeCache;
  }
  get rank(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
  get device(): string {
    return this.handle.device();
  }
  get isDisposed(): boolean {
    return this.handle.isDisposed();
  }

  /** Copies the values to a Float32Array (from any device). */
  data(): Float32Array {
    return this.handle.toFloat32();
  }
  item(): number {
    return this.handle.item();
  }

  get requiresGrad(): boolean {
    return this.handle.requiresGrad();
  }
  set requiresGrad(on: boolean) {
    this.handle.setRequiresGrad(on);
  }
  /** The accumulated gradient (a new handle sharing its storage), or null. */
  get grad(): Tensor | null {
    const g = this.handle.grad();
    return g ? new Tensor(g) : null;
  }
  clearGrad(): void {
    this.handle.clearGrad();
  }

  unscoped(): void {
    this.handle.account();
  }

  /** Drops this handle's reference now instead of at garbage collection. */
  dispose(): void {
    this.handle.dispose();
  }

  toString(): string {
    return `Tensor(${this.shape.join('x')}, ${this.device})`;
  }
}

/** Wraps a fresh native result. */
export function wrap(h: NativeTensor): Tensor {
  const t = new Tensor(h);
  noteCreated(t);
  return t;
}

/** Runs an op that reports itself to a tracing observer (src/onnx). */
export function op(
  name: string,
  inputs: readonly (Tensor | number | null)[],
  attrs: Record<string, AttrValue>,
  run: () => NativeTensor,
): Tensor {
  return reported(name, inputs, attrs, run, wrap);
}

export function tensor(data: Float32Array | readonly number[], shape?: Shape, device?: string): Tensor {
  const arr = data instanceof Float32Array ? data : Float32Array.from(data);
  const s = shape ? [...shape] : [arr.length];
  const n = s.reduce((a, b) => a * b, 1);
  if (n !== arr.length)
    throw new InvalidOptionError(`tensor(): ${arr.length} values cannot fill shape [${s.join(', ')}] (${n} values)`);
  return wrap(native().fromFloat32(arr, s, device));
}

/** A tensor of fixed values that depend on no input (an identity grid, a filter): traced as an ONNX constant. */
export function constant(data: Float32Array, shape: Shape, device?: string): Tensor {
  if (shape.reduce((a, b) => a * b, 1) !== data.length)
    throw new InvalidOptionError(`constant(): ${data.length} values cannot fill shape [${shape.join(', ')}]`);
  return op('constant', [], {}, () => native().fromFloat32(data, [...shape], device));
}

export const zeros = (shape: Shape, device?: string): Tensor => wrap(native().zeros([...shape], device));
export const ones = (shape: Shape, device?: string): Tensor => wrap(native().ones([...shape], device));
export const full = (shape: Shape, value: number, device?: string): Tensor =>
  wrap(native().full([...shape], value, device));
/** U[0, 1) from the seeded global generator. */
export const rand = (shape: Shape, device?: string): Tensor => wrap(native().rand([...shape], device));
/** N(0, 1) from the seeded global generator. */
export const randn = (shape: Shape, device?: string): Tensor => wrap(native().randn([...shape], device));
/** A random permutation of 0..n-1 (as float32 values). */
export const randperm = (n: number): Tensor => wrap(native().randperm(n));
export const clone = (t: Tensor): Tensor => wrap(native().clone(t.handle));
export const detach = (t: Tensor): Tensor => op('detach', [t], {}, () => native().detach(t.handle));
export const toDevice = (t: Tensor, device: string): Tensor => wrap(native().toDevice(t.handle, device));
