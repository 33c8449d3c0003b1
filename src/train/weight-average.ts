// An exponential moving average of a module's weights (as StyleGAN and most GAN recipes keep of the
// generator): after each optimiser step, shadow ← decay · shadow + (1 − decay) · weights. Buffers are
// copied as they are. The shadow is a second module of the same shape, so it saves, loads and exports
// like any generator.
import type { Module } from '../nn/index.js';
import { add_, copy_, mul_, noGrad, scope } from '../torch/index.js';

export class WeightAverage<M extends Module> {
  constructor(
    readonly source: M,
    readonly shadow: M,
    readonly decay: number,
  ) {
    this.reset();
  }

  /** The shadow becomes an exact copy of the source. */
  reset(): void {
    noGrad(() => {
      const mine = new Map(this.shadow.namedState());
      for (const [n, t] of this.source.namedState()) scope(() => void copy_(mine.get(n)!, t));
    });
  }

  /** One averaging step; call after each optimiser step of the source. */
  update(): void {
    noGrad(() => {
      const params = new Set(this.source.parameters());
      const mine = new Map(this.shadow.namedState());
      for (const [n, t] of this.source.namedState()) {
        const s = mine.get(n)!;
        scope(() => {
          if (params.has(t)) add_(mul_(s, this.decay), t, 1 - this.decay);
          else copy_(s, t);
        });
      }
    });
  }
}
