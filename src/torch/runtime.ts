// Engine-wide settings: seeding, RNG state (for exact resume), threads, devices.
import { availableParallelism } from 'node:os';
import { native } from './native.js';

/** Seeds the global generator used by rand, randn, randperm and the initialisers. */
export const manualSeed = (seed: number): void => native().manualSeed(seed);
/** A generator's full state, to store in a checkpoint: the CPU's, or a device's ('cuda', 'cuda:1'), whose draws
 * (rand on that device) are its own. */
export const getRngState = (device?: string): Uint8Array => native().getRngState(device);
export const setRngState = (state: Uint8Array, device?: string): void => native().setRngState(state, device);
export const setNumThreads = (n: number): void => native().setNumThreads(n);
export const getNumThreads = (): number => native().getNumThreads();
/** The engine's threads when a job asks for none: OMP_NUM_THREADS when it is a positive integer (as PyTorch reads
 * it: several processes sharing the cores), else every core this process may use. */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.OMP_NUM_THREADS);
  return Number.isInteger(n) && n > 0 ? n : availableParallelism();
}
/**
 * Engine threads for a job: `n`, or defaultThreads() when `n` is 0. Set explicitly, because libgomp can start with
 * one thread on machines whose cores it does not count (seen on these 2-core machines: training ran at half speed).
 */
export const useThreads = (n: number): void => setNumThreads(n > 0 ? n : defaultThreads());
/** oneDNN kernels are faster; off gives PyTorch's plain reference kernels. */
export const setMkldnnEnabled = (on: boolean): void => native().setMkldnnEnabled(on);
/** Float precision of training arithmetic: 'float32' throughout, or 'bfloat16' mixed precision (autocast). */
export type Precision = 'float32' | 'bfloat16';
/**
 * Runs fn with mixed precision on `device` ('cpu', 'cuda', 'cuda:1') when `precision` is 'bfloat16', as
 * torch.autocast(device, torch.bfloat16) does: convolutions and matrix products take bfloat16 copies of their inputs
 * (on CPUs with AMX or AVX-512 BF16, oneDNN runs them several times faster), while reductions, losses, norms and
 * sampling stay in float32; weights and their gradients stay float32. Backward follows the types the forward chose, so
 * it may run outside. With 'float32', fn runs as it is.
 */
export function autocast<T>(precision: Precision, device: string, fn: () => T): T {
  if (precision === 'float32') return fn();
  const before = native().enterAutocast(device);
  try {
    return fn();
  } finally {
    native().exitAutocast(device, before);
  }
}
export const cudaDeviceCount = (): number => native().cudaDeviceCount();
/** Tensor handles not yet disposed or collected: leak tests compare it before and after. */
export const liveTensors = (): number => native().liveTensors();
export const torchVersion = (): string => native().version();
