// Parity: bilinear grid sampling (GeoGAN's warp) against PyTorch, values and both gradients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grad, gridSample, mul, scope, sum, tensor } from '../../src/torch/index.js';
import { loadReference, relError } from '../support/reference.js';

const ref = loadReference('grid_sample.safetensors').tensors;
const get = (k: string) => {
  const t = ref.get(k);
  if (!t) throw new Error(`reference lacks ${k}`);
  return t;
};

describe('parity: grid_sample.safetensors', () => {
  for (const alignCorners of [false, true]) {
    for (const padding of ['zeros', 'border'] as const) {
      const tag = `align${alignCorners ? 1 : 0}.${padding}`;
      it(`${tag}: values and gradients within 1e-4`, () =>
        scope(() => {
          const img = tensor(get('input.img').data, get('input.img').shape);
          const grid = tensor(get('input.grid').data, get('input.grid').shape);
          const w = tensor(get('input.upstream').data, get('input.upstream').shape);
          img.requiresGrad = true;
          grid.requiresGrad = true;
          const y = gridSample(img, grid, { padding, alignCorners });
          assert.deepEqual(y.shape, get(`${tag}.out`).shape);
          const [gi, gg] = grad([sum(mul(y, w))], [img, grid]);
          const errs = {
            out: relError(y.data(), get(`${tag}.out`).data),
            grad_img: relError(gi!.data(), get(`${tag}.grad_img`).data),
            grad_grid: relError(gg!.data(), get(`${tag}.grad_grid`).data),
          };
          for (const [k, e] of Object.entries(errs)) assert.ok(e <= 1e-4, `${tag}.${k}: relative error ${e}`);
        }));
    }
  }
});
