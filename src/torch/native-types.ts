// The shape of the addon's exports (native/src/*.cc). Only src/torch/ talks to it.
export interface NativeTensor {
  dispose(): void;
  isDisposed(): boolean;
  shape(): number[];
  device(): string;
  dtype(): string;
  toFloat32(): Float32Array;
  item(): number;
  requiresGrad(): boolean;
  setRequiresGrad(on: boolean): void;
  grad(): NativeTensor | null;
  clearGrad(): void;
  /** Reports the tensor's bytes to V8 (once): for tensors whose release is up to the garbage collector. */
  account(): void;
}

type T = NativeTensor;
type Operand = T | number;
type Pair = [number, number];
export type Reduction = 'mean' | 'sum' | 'none';

export interface NativeModule {
  fromFloat32(data: Float32Array, shape: number[], device?: string): T;
  zeros(shape: number[], device?: string): T;
  ones(shape: number[], device?: string): T;
  full(shape: number[], value: number, device?: string): T;
  rand(shape: number[], device?: string): T;
  randn(shape: number[], device?: string): T;
  randperm(n: number): T;
  toDevice(t: T, device: string): T;
  clone(t: T): T;
  detach(t: T): T;

  add(a: Operand, b: Operand): T;
  sub(a: Operand, b: Operand): T;
  mul(a: Operand, b: Operand): T;
  div(a: Operand, b: Operand): T;
  neg(t: T): T;
  abs(t: T): T;
  sqrt(t: T): T;
  exp(t: T): T;
  log(t: T): T;
  sign(t: T): T;
  relu(t: T): T;
  leakyRelu(t: T, slope: number): T;
  tanh(t: T): T;
  sigmoid(t: T): T;
  pow(t: T, exponent: Operand): T;
  clamp(t: T, min: number | null, max: number | null): T;
  where(cond: T, a: T, b: T): T;
  gt(a: T, b: Operand): T;
  matmul(a: T, b: T): T;
  sum(t: T, dims: number[] | null, keepdim: boolean): T;
  mean(t: T, dims: number[] | null, keepdim: boolean): T;
  amax(t: T, dims: number[], keepdim: boolean): T;
  amin(t: T, dims: number[], keepdim: boolean): T;

  mul_(t: T, factor: number): T;
  add_(t: T, other: T, alpha: number): T;
  addcmul_(t: T, a: T, b: T, value: number): T;
  addcdiv_(t: T, a: T, b: T, value: number): T;
  addScalar_(t: T, value: number): T;
  divScalar_(t: T, value: number): T;
  copy_(t: T, src: T): T;
  fill_(t: T, value: number): T;
  normal_(t: T, mean: number, std: number): T;
  uniform_(t: T, from: number, to: number): T;

  reshape(t: T, shape: number[]): T;
  permute(t: T, dims: number[]): T;
  transpose(t: T, dim0: number, dim1: number): T;
  contiguous(t: T): T;
  expand(t: T, shape: number[]): T;
  repeat(t: T, repeats: number[]): T;
  unsqueeze(t: T, dim: number): T;
  squeeze(t: T, dim: number): T;
  flatten(t: T, start: number, end: number): T;
  cat(ts: T[], dim: number): T;
  stack(ts: T[], dim: number): T;
  slice(t: T, dim: number, start: number, end: number, step: number): T;
  select(t: T, dim: number, index: number): T;
  indexSelect(t: T, dim: number, index: T): T;
  flip(t: T, dims: number[]): T;
  pad(t: T, pads: number[], mode: 'constant' | 'reflect' | 'replicate', value?: number): T;

  conv2d(x: T, w: T, b: T | null, stride: Pair, padding: Pair, dilation: Pair, groups: number): T;
  convTranspose2d(
    x: T,
    w: T,
    b: T | null,
    stride: Pair,
    padding: Pair,
    outputPadding: Pair,
    groups: number,
    dilation: Pair,
  ): T;
  instanceNorm(x: T, weight: T | null, bias: T | null, eps: number): T;
  avgPool2d(x: T, kernel: Pair, stride: Pair, padding: Pair, countIncludePad: boolean): T;
  maxPool2d(x: T, kernel: Pair, stride: Pair, padding: Pair, ceilMode: boolean): T;
  batchNormEval(x: T, weight: T, bias: T, runningMean: T, runningVar: T, eps: number): T;
  interpolate(x: T, size: Pair, mode: 'bilinear' | 'nearest' | 'bicubic', alignCorners: boolean): T;
  gridSample(
    x: T,
    grid: T,
    mode: 'bilinear' | 'nearest' | 'bicubic',
    padding: 'zeros' | 'border' | 'reflection',
    alignCorners: boolean,
  ): T;
  mseLoss(a: T, b: T, reduction: Reduction): T;
  l1Loss(a: T, b: T, reduction: Reduction): T;
  bceWithLogits(logits: T, target: T, reduction: Reduction): T;

  backward(t: T, gradient: T | null, retainGraph: boolean): void;
  grad(
    outputs: T[],
    inputs: T[],
    gradOutputs: T[] | null,
    retainGraph: boolean | null,
    createGraph: boolean,
    allowUnused: boolean,
  ): (T | null)[];
  isGradEnabled(): boolean;
  setGradEnabled(on: boolean): boolean;

  manualSeed(seed: number): void;
  getRngState(device?: string): Uint8Array;
  setRngState(state: Uint8Array, device?: string): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  setMkldnnEnabled(on: boolean): void;
  enterAutocast(device: string): boolean;
  exitAutocast(device: string, before: boolean): void;
  cudaDeviceCount(): number;
  liveTensors(): number;
  version(): string;

  distAvailable(): { gloo: boolean; nccl: boolean };
  distInit(host: string, port: number, rank: number, size: number, timeoutMs: number, nccl: boolean): void;
  distAllReduce(t: T): void;
  distBroadcast(t: T, root: number): void;
  distBarrier(): void;
  distDestroy(): void;
}
