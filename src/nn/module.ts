// A tree of modules and parameters with PyTorch's state-dict names (`main.3.weight`).
import { WeightsMismatchError } from '../errors.js';
import { copy_, keep, noGrad, scope, type Tensor, tensor, toDevice } from '../torch/index.js';
import type { HostTensor } from './safetensors.js';

/** Makes t a trainable leaf that outlives every scope. */
export function parameter(t: Tensor): Tensor {
  t.requiresGrad = true;
  return keep(t);
}

export abstract class Module {
  private readonly ownParams = new Map<string, Tensor | null>();
  /** State that is not trained by gradients (BatchNorm's running statistics), saved and loaded with the parameters. */
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  protected buffer(name: string, t: Tensor): Tensor {
    this.ownBuffers.set(name, keep(t));
    return t;
  }

  /** The buffer `name` of this module. */
  protected b(name: string): Tensor {
    return this.ownBuffers.get(name)!;
  }

  protected param(name: string, t: Tensor | null): Tensor | null {
    this.ownParams.set(name, t ? parameter(t) : null);
    return t;
  }

  protected child<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** The parameter `name` of this module (not of children). */
  protected p(name: string): Tensor | null {
    return this.ownParams.get(name) ?? null;
  }

  /** Parameters in PyTorch's order: a module's own, then each child's, depth first. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownParams) if (t) out.push([prefix + n, t]);
    for (const [n, m] of this.children) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  numParameters(): number {
    return this.parameters().reduce((a, t) => a + t.size, 0);
  }

  /** Parameters and buffers in PyTorch's state-dict order: own parameters, own buffers, then each child's. */
  namedState(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownParams) if (t) out.push([prefix + n, t]);
    for (const [n, t] of this.ownBuffers) out.push([prefix + n, t]);
    for (const [n, m] of this.children) out.push(...m.namedState(`${prefix}${n}.`));
    return out;
  }

  /** Host copies of every parameter and buffer, keyed by state-dict name. */
  stateDict(): Map<string, HostTensor> {
    return new Map(this.namedState().map(([n, t]) => [n, { shape: t.shape, data: t.data() }]));
  }

  /** Replaces every parameter's and buffer's values; names and shapes must match exactly. */
  loadStateDict(state: Map<string, HostTensor>, source = 'state dict'): void {
    const mine = this.namedState();
    const missing = mine.filter(([n]) => !state.has(n)).map(([n]) => n);
    const names = new Set(mine.map(([n]) => n));
    const unexpected = [...state.keys()].filter((n) => !names.has(n));
    if (missing.length || unexpected.length) {
      throw new WeightsMismatchError(
        `${source} does not fit ${this.constructor.name}: ` +
          [missing.length ? `missing ${list(missing)}` : '', unexpected.length ? `unexpected ${list(unexpected)}` : '']
            .filter(Boolean)
            .join('; ') +
          '. Check that the model configuration (widths, blocks, image size) matches the one the weights were trained with.',
      );
    }
    for (const [n, t] of mine) {
      const src = state.get(n)!;
      if (src.shape.join('x') !== t.shape.join('x')) {
        throw new WeightsMismatchError(
          `${source}: ${n} has shape [${src.shape}] but the model expects [${t.shape}]; the configurations differ.`,
        );
      }
    }
    // in place, so that optimisers holding these parameters keep working
    noGrad(() => {
      for (const [n, t] of mine) scope(() => void copy_(t, tensor(state.get(n)!.data, state.get(n)!.shape, t.device)));
    });
  }

  /** Moves every parameter to `device` ('cpu', 'cuda', 'cuda:1'). Make optimisers after this. Without autograd, so
   * that the moved parameters are leaves of their own (their gradients land on them, and they can be frozen). */
  to(device: string): this {
    noGrad(() => this.replaceParameters((_, t) => toDevice(t, device)));
    return this;
  }

  private replaceParameters(make: (name: string, old: Tensor) => Tensor, prefix = ''): void {
    for (const [n, t] of this.ownParams) {
      if (!t) continue;
      const next = make(prefix + n, t);
      t.dispose();
      this.ownParams.set(n, parameter(next));
    }
    for (const [n, t] of this.ownBuffers) {
      const next = keep(make(prefix + n, t));
      t.dispose();
      this.ownBuffers.set(n, next);
    }
    for (const [n, m] of this.children) m.replaceParameters(make, `${prefix}${n}.`);
  }

  zeroGrad(): void {
    for (const t of this.parameters()) t.clearGrad();
  }

  /** Frees every parameter and buffer now. */
  dispose(): void {
    for (const [, t] of this.namedState()) t.dispose();
  }
}

function list(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}

/** A module with one input and one output, so it can sit in a Sequential. */
export abstract class Layer extends Module {
  abstract forward(x: Tensor): Tensor;
}
