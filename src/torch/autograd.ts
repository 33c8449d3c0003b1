// Reverse-mode autograd, including gradients of gradients (createGraph).
import { native } from './native.js';
import { type Tensor, wrap } from './tensor.js';

/** Accumulates d(t)/d(leaf) into every leaf's .grad. */
export function backward(t: Tensor, gradient: Tensor | null = null, retainGraph = false): void {
  native().backward(t.handle, gradient?.handle ?? null, retainGraph);
}

export interface GradOptions {
  gradOutputs?: readonly Tensor[];
  /** Keep the graph for another backward pass (defaults to createGraph). */
  retainGraph?: boolean;
  /** Build a graph of the gradient itself, so it can be differentiated again (gradient penalty). */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on instead of throwing. */
  allowUnused?: boolean;
}

/** d(sum of outputs · gradOutputs)/d(inputs), returned rather than accumulated. */
export function grad(outputs: readonly Tensor[], inputs: readonly Tensor[], o: GradOptions = {}): (Tensor | null)[] {
  const res = native().grad(
    outputs.map((t) => t.handle),
    inputs.map((t) => t.handle),
    o.gradOutputs ? o.gradOutputs.map((t) => t.handle) : null,
    o.retainGraph ?? null,
    o.createGraph ?? false,
    o.allowUnused ?? false,
  );
  return res.map((g) => (g ? wrap(g) : null));
}

/** Runs fn with gradient recording off (inference, optimiser updates). */
export function noGrad<R>(fn: () => R): R {
  const prev = native().setGradEnabled(false);
  try {
    return fn();
  } finally {
    native().setGradEnabled(prev);
  }
}

export const isGradEnabled = (): boolean => native().isGradEnabled();
