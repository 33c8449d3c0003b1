// Adam exactly as torch.optim.Adam (PyTorch 1.13, single-tensor path, amsgrad off), with
// L2 weight decay added to the gradient. Its state saves to and loads from safetensors.
import { InvalidOptionError, WeightsMismatchError } from '../errors.js';
import {
  add,
  addcdiv_,
  addcmul_,
  addScalar_,
  add_,
  divScalar_,
  fill_,
  keep,
  mul,
  mul_,
  noGrad,
  scope,
  sqrt,
  type Tensor,
  tensor,
  zeros,
} from '../torch/index.js';
import type { HostTensor } from './safetensors.js';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

export const ADAM_DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 };

interface Slot {
  expAvg: Tensor;
  expAvgSq: Tensor;
  step: number;
}

export class Adam {
  readonly options: AdamOptions;
  private readonly slots = new Map<string, Slot>();

  /** params: [state-dict name, parameter] pairs, e.g. module.namedParameters(). */
  constructor(
    readonly params: [string, Tensor][],
    options: Partial<AdamOptions> = {},
  ) {
    this.options = { ...ADAM_DEFAULTS, ...options };
    const { lr, betas, eps, weightDecay } = this.options;
    if (!(lr >= 0)) throw new InvalidOptionError(`Adam: lr must be >= 0, got ${lr}`);
    if (!(betas[0] >= 0 && betas[0] < 1 && betas[1] >= 0 && betas[1] < 1))
      throw new InvalidOptionError(`Adam: betas must lie in [0, 1), got ${betas}`);
    if (!(eps >= 0) || !(weightDecay >= 0)) throw new InvalidOptionError('Adam: eps and weightDecay must be >= 0');
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(v: number) {
    this.options.lr = v;
  }

  /**
   * Zeroes gradients in place (PyTorch 1.x's default, which the published code and the reference
   * rely on: a parameter with a zero gradient still takes a momentum step). setToNone drops them.
   */
  zeroGrad(setToNone = false): void {
    for (const [, p] of this.params) {
      if (setToNone) p.clearGrad();
      else scope(() => void (p.grad && fill_(p.grad, 0)));
    }
  }

  /** One update from the gradients accumulated in each parameter's .grad (params without one are skipped). */
  step(): void {
    const {
      lr,
      betas: [b1, b2],
      eps,
      weightDecay,
    } = this.options;
    noGrad(() => {
      for (const [name, p] of this.params) {
        scope(() => {
          let g = p.grad;
          if (!g) return;
          if (weightDecay !== 0) g = add(g, mul(p, weightDecay));
          const s = this.slot(name, p);
          s.step += 1;
          add_(mul_(s.expAvg, b1), g, 1 - b1);
          addcmul_(mul_(s.expAvgSq, b2), g, g, 1 - b2);
          const bc1 = 1 - b1 ** s.step;
          const bc2Sqrt = Math.sqrt(1 - b2 ** s.step);
          const denom = addScalar_(divScalar_(sqrt(s.expAvgSq), bc2Sqrt), eps);
          addcdiv_(p, s.expAvg, denom, -lr / bc1);
        });
      }
    });
  }

  private slot(name: string, p: Tensor): Slot {
    let s = this.slots.get(name);
    if (!s) {
      s = { expAvg: keep(zeros(p.shape, p.device)), expAvgSq: keep(zeros(p.shape, p.device)), step: 0 };
      this.slots.set(name, s);
    }
    return s;
  }

  /** Moment tensors as `exp_avg.<name>` / `exp_avg_sq.<name>`, steps and options in metadata. */
  stateDict(): { tensors: Map<string, HostTensor>; metadata: Record<string, string> } {
    const tensors = new Map<string, HostTensor>();
    const steps: Record<string, number> = {};
    for (const [name, s] of this.slots) {
      tensors.set(`exp_avg.${name}`, { shape: s.expAvg.shape, data: s.expAvg.data() });
      tensors.set(`exp_avg_sq.${name}`, { shape: s.expAvgSq.shape, data: s.expAvgSq.data() });
      steps[name] = s.step;
    }
    return {
      tensors,
      metadata: { optimizer: 'adam', steps: JSON.stringify(steps), options: JSON.stringify(this.options) },
    };
  }

  loadStateDict(
    state: { tensors: Map<string, HostTensor>; metadata: Record<string, string> },
    source = 'optimizer state',
  ): void {
    if (state.metadata.optimizer !== 'adam')
      throw new WeightsMismatchError(`${source} is not an Adam state (optimizer=${state.metadata.optimizer})`);
    const steps = JSON.parse(state.metadata.steps ?? '{}') as Record<string, number>;
    const byName = new Map(this.params);
    for (const name of Object.keys(steps)) {
      const p = byName.get(name);
      const m = state.tensors.get(`exp_avg.${name}`);
      const v = state.tensors.get(`exp_avg_sq.${name}`);
      if (!p || !m || !v)
        throw new WeightsMismatchError(`${source}: no parameter or moments for ${name}; it belongs to another model`);
      if (m.shape.join('x') !== p.shape.join('x'))
        throw new WeightsMismatchError(`${source}: ${name} has shape [${m.shape}], the parameter [${p.shape}]`);
    }
    this.dispose();
    for (const [name, step] of Object.entries(steps)) {
      const p = byName.get(name)!;
      const m = state.tensors.get(`exp_avg.${name}`)!;
      const v = state.tensors.get(`exp_avg_sq.${name}`)!;
      this.slots.set(name, {
        expAvg: keep(tensor(m.data, m.shape, p.device)),
        expAvgSq: keep(tensor(v.data, v.shape, p.device)),
        step,
      });
    }
    const saved = JSON.parse(state.metadata.options ?? '{}') as Partial<AdamOptions>;
    Object.assign(this.options, saved);
  }

  dispose(): void {
    for (const s of this.slots.values()) {
      s.expAvg.dispose();
      s.expAvgSq.dispose();
    }
    this.slots.clear();
  }
}
