import assert from 'node:assert/strict';
import { it } from 'node:test';
import { WeightsMismatchError } from '../errors.js';
import { Generator } from '../models/ganimation/networks/generator.js';
import { noGrad, ones, scope } from '../torch/index.js';
import { Conv2d, InstanceNorm2d, ReLU, ResidualBlock, Sequential } from './layers.js';

it('state-dict names follow PyTorch (Sequential indices, nested blocks, missing bias)', () => {
  const m = new Sequential(
    new Conv2d(3, 4, 3, { bias: false }),
    new InstanceNorm2d(4),
    new ReLU(),
    new ResidualBlock(4),
  );
  assert.deepEqual(
    m.namedParameters().map(([n]) => n),
    [
      '0.weight',
      '1.weight',
      '1.bias',
      '3.main.0.weight',
      '3.main.1.weight',
      '3.main.1.bias',
      '3.main.3.weight',
      '3.main.4.weight',
      '3.main.4.bias',
    ],
  );
  m.dispose();
});

it('the generator keeps the published names, attetion_reg included', () => {
  const g = new Generator({ gConvDim: 4, gRepeatNum: 1, imageSize: 16, dRepeatNum: 2 });
  const names = g.namedParameters().map(([n]) => n);
  assert.ok(names.includes('main.9.main.0.weight'));
  assert.deepEqual(names.slice(-2), ['img_reg.0.weight', 'attetion_reg.0.weight']);
  g.dispose();
});

it('a state dict from another configuration is a WeightsMismatchError that says why', () => {
  const small = new Generator({ gConvDim: 4, gRepeatNum: 1, imageSize: 16, dRepeatNum: 2 });
  const other = new Generator({ gConvDim: 8, gRepeatNum: 1, imageSize: 16, dRepeatNum: 2 });
  assert.throws(
    () => small.loadStateDict(other.stateDict(), 'w.safetensors'),
    (e: Error) => e instanceof WeightsMismatchError && /main\.0\.weight has shape/.test(e.message),
  );
  const fewer = new Generator({ gConvDim: 4, gRepeatNum: 2, imageSize: 16, dRepeatNum: 2 });
  assert.throws(() => fewer.loadStateDict(small.stateDict()), /missing main\.10/);
  for (const m of [small, other, fewer]) m.dispose();
});

it('a loaded state dict reproduces the source model', () =>
  scope(() => {
    const a = new Generator({ gConvDim: 4, gRepeatNum: 1, imageSize: 16, dRepeatNum: 2 });
    const b = new Generator({ gConvDim: 4, gRepeatNum: 1, imageSize: 16, dRepeatNum: 2 });
    b.loadStateDict(a.stateDict());
    const [x, y] = [ones([1, 3, 16, 16]), ones([1, 17])];
    noGrad(() => assert.deepEqual(a.forward(x, y).color.data(), b.forward(x, y).color.data()));
    a.dispose();
    b.dispose();
  }));

it('moved parameters are leaves of their own: they can be frozen, as training does on CUDA', () => {
  // 'meta' (shapes only) stands in for a GPU here: moving a parameter with autograd on would make it a non-leaf,
  // which libtorch refuses to freeze ("you can only change requires_grad flags of leaf variables").
  const conv = new Conv2d(2, 3, 3).to('meta');
  for (const p of conv.parameters()) {
    assert.equal(p.device, 'meta');
    p.requiresGrad = false;
    assert.equal(p.requiresGrad, false);
  }
});
