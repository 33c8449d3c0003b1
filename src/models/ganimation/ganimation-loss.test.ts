import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Critic, FlowGenerator } from './networks/index.js';
import { InvalidOptionError } from '../../errors.js';
import {
  backward,
  detach,
  l1Loss,
  manualSeed,
  mean,
  mul,
  neg,
  noGrad,
  normal_,
  rand,
  scope,
  sub,
  type Tensor,
} from '../../torch/index.js';
import { softplus } from '../../losses/softplus.js';
import { GANimationLoss } from './ganimation-loss.js';
import { faceRegion } from '../../face/content-region.js';

const config = { imageSize: 32, gConvDim: 8, gRepeatNum: 1, dConvDim: 8, dRepeatNum: 5 };

it('learnedFlow: nothing while the flow is the motion prior alone, and its mean square in pixels once the head adds to it', () =>
  scope(() => {
    manualSeed(3);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: false, motionPrior: true });
    const D = new Critic(config);
    const loss = new GANimationLoss(G, D, { learnedFlow: 10 });
    const batch = { real: sub(mul(rand([2, 3, 32, 32]), 2), 1), realCond: rand([2, 17]), desiredCond: rand([2, 17]) };
    noGrad(() => {
      const prior = loss.generator(batch);
      assert.equal(prior.terms.g_learned!.item(), 0, 'the prior alone costs nothing');
      const e = G.edit(batch.real, batch.desiredCond, batch.realCond);
      assert.ok(e.learnedFlow && e.flow, 'the edit reports its learned flow');
      for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') normal_(p, 0, 0.05);
      const moved = G.edit(batch.real, batch.desiredCond, batch.realCond).learnedFlow!.data();
      let square = 0;
      for (const v of moved) square += (v * 16) ** 2;
      const learned = loss.generator(batch).terms.g_learned!.item();
      // both edits of the cycle: at least the first edit's share, in pixels² (× 16 = 32 px / 2)
      assert.ok(
        learned >= (10 * square) / moved.length - 1e-6,
        `g_learned ${learned} vs ${(10 * square) / moved.length}`,
      );
    });
    G.dispose();
    D.dispose();
  }));

it('part critics: a part weight adds d_mouth and d_eyes to the critic step, their penalties to the gradient penalty and g_part to the generator step; without part critics it is refused', () =>
  scope(() => {
    manualSeed(5);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: false, motionPrior: true });
    const D = new Critic({ ...config, partCritics: true });
    const batch = { real: sub(mul(rand([2, 3, 32, 32]), 2), 1), realCond: rand([2, 17]), desiredCond: rand([2, 17]) };
    const alpha = rand([2]);
    const [off, on] = [0, 2].map((part) => new GANimationLoss(G, D, { part }));
    const c = on!.critic(batch);
    assert.ok(c.terms.d_mouth && c.terms.d_eyes, 'part terms in the critic step');
    assert.equal(off!.critic(batch).terms.d_mouth, undefined, 'weight 0: no part terms');
    // the part penalties are non-negative and add to the whole-face one
    const gpOn = on!.gradientPenalty(batch.real, c.fake, alpha).item();
    const gpOff = off!.gradientPenalty(batch.real, c.fake, alpha).item();
    assert.ok(gpOn > gpOff, `penalty with parts ${gpOn} > without ${gpOff}`);
    const g = on!.generator(batch);
    const judged = ['mouth', 'eyes'] as const;
    const expected = -2 * judged.map((p) => mean(D.parts!.judge(g.fake, p)).item()).reduce((a, b) => a + b);
    assert.ok(Math.abs(g.terms.g_part!.item() - expected) < 1e-5, `g_part ${g.terms.g_part!.item()} vs ${expected}`);
    assert.throws(() => new GANimationLoss(G, new Critic(config), { part: 1 }), InvalidOptionError);
    G.dispose();
    D.dispose();
  }));

it("partAdversarial 'logistic': the part terms are softplus of the parts' scores, and the parts leave the penalty", () =>
  scope(() => {
    manualSeed(6);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: false, motionPrior: true });
    const D = new Critic({ ...config, partCritics: true });
    const batch = { real: sub(mul(rand([2, 3, 32, 32]), 2), 1), realCond: rand([2, 17]), desiredCond: rand([2, 17]) };
    const alpha = rand([2]);
    const [off, on] = [0, 3].map((part) => new GANimationLoss(G, D, { part }));
    on!.partAdversarial = 'logistic';
    const c = on!.critic(batch);
    const sp = (t: Tensor) => mean(softplus(t)).item();
    for (const p of ['mouth', 'eyes'] as const) {
      const expected = 3 * (sp(D.parts!.judge(c.fake, p)) + sp(neg(D.parts!.judge(batch.real, p))));
      assert.ok(
        Math.abs(c.terms[`d_${p}`]!.item() - expected) < 1e-5,
        `d_${p} ${c.terms[`d_${p}`]!.item()} vs ${expected}`,
      );
    }
    const gpOn = on!.gradientPenalty(batch.real, c.fake, alpha).item();
    const gpOff = off!.gradientPenalty(batch.real, c.fake, alpha).item();
    assert.ok(Math.abs(gpOn - gpOff) < 1e-6, `no part penalty: ${gpOn} vs the whole face's ${gpOff}`);
    const g = on!.generator(batch);
    const expected =
      3 * ['mouth', 'eyes'].map((p) => sp(neg(D.parts!.judge(g.fake, p as 'mouth')))).reduce((a, b) => a + b);
    assert.ok(Math.abs(g.terms.g_part!.item() - expected) < 1e-5, `g_part ${g.terms.g_part!.item()} vs ${expected}`);
    G.dispose();
    D.dispose();
  }));

it("adversarial 'logistic': the critic's and the generator's terms are softplus of its scores; lazy penalties weigh as many steps as they skip, R1 beside the gradient penalty", () =>
  scope(() => {
    manualSeed(7);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: false, motionPrior: true });
    const D = new Critic(config);
    const batch = { real: sub(mul(rand([2, 3, 32, 32]), 2), 1), realCond: rand([2, 17]), desiredCond: rand([2, 17]) };
    const loss = new GANimationLoss(G, D, { gp: 0, r1: 10 });
    loss.adversarial = 'logistic';
    const c = loss.critic(batch);
    const sp = (v: number) => Math.log1p(Math.exp(v));
    const meanOf = (a: Float32Array, f: (v: number) => number) => a.reduce((s, v) => s + f(v), 0) / a.length;
    const real = D.forward(batch.real).scores.data() as Float32Array;
    const fake = D.forward(c.fake).scores.data() as Float32Array;
    assert.ok(Math.abs(c.terms.d_real.item() - meanOf(real, (v) => sp(-v))) < 1e-5);
    assert.ok(Math.abs(c.terms.d_fake.item() - meanOf(fake, sp)) < 1e-5);
    const g = noGrad(() => loss.generator(batch));
    const judged = D.forward(g.fake).scores.data() as Float32Array;
    assert.ok(Math.abs(g.terms.g_fake.item() - meanOf(judged, (v) => sp(-v))) < 1e-5);
    const alpha = rand([2]);
    const once = loss.gradientPenalty(batch.real, c.fake, alpha).item();
    assert.ok(once > 0);
    loss.penaltyEvery = 16;
    assert.ok(Math.abs(loss.gradientPenalty(batch.real, c.fake, alpha).item() - 16 * once) < 1e-4 * 16 * once);
    const both = new GANimationLoss(G, D, { gp: 10, r1: 10 });
    assert.ok(both.gradientPenalty(batch.real, c.fake, alpha).item() > once, 'R1 adds to the gradient penalty');
    const none = new GANimationLoss(G, D, { gp: 0 });
    assert.equal(none.penalised, false);
    assert.throws(() => none.gradientPenalty(batch.real, c.fake, alpha), InvalidOptionError);
    G.dispose();
    D.dispose();
  }));

/** A flow generator with a lightness head and random weights, a critic, an unpaired batch of 2 and 3 pairs. */
function pairedSetup(seed: number) {
  manualSeed(seed);
  const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', motionPrior: true });
  noGrad(() => {
    for (const [, p] of G.namedParameters()) normal_(p, 0, 0.05);
  });
  const image = (n: number) => sub(mul(rand([n, 3, 32, 32]), 2), 1);
  return {
    G,
    D: new Critic(config),
    batch: { real: image(2), realCond: rand([2, 17]), desiredCond: rand([2, 17]) },
    pairs: { from: image(3), to: image(3), fromCond: rand([3, 17]), toCond: rand([3, 17]) },
  };
}

it('paired: λ times the L1 between the edit of each first frame towards the second’s AUs and the second frame over the face, and nothing without pairs', () =>
  scope(() => {
    const { G, D, batch, pairs } = pairedSetup(9);
    const loss = new GANimationLoss(G, D, { paired: 7 });
    noGrad(() => {
      assert.equal(loss.generator(batch).terms.g_pair, undefined, 'no pairs, no term');
      const got = loss.generator({ ...batch, pairs }).terms.g_pair!.item();
      const edit = G.edit(pairs.from, pairs.toCond, pairs.fromCond).fake.data() as Float32Array;
      const to = pairs.to.data() as Float32Array;
      // over the face region only, the same weight in each channel and image
      const face = faceRegion(32);
      const inside = face.reduce((a, v) => a + v, 0) * 3 * 3;
      const l1 = edit.reduce((s, v, i) => s + Math.abs(v - to[i]!) * face[i % 1024]!, 0) / inside;
      assert.ok(l1 > 0.1, `the edit differs from an unrelated frame (${l1})`);
      assert.ok(Math.abs(got - 7 * l1) < 1e-4, `g_pair ${got} vs ${7 * l1}`);
    });
    G.dispose();
    D.dispose();
  }));

it("colourFrom 'pairs': the unpaired terms reach the warp and not the colour head, the paired term reaches the colour head", () =>
  scope(() => {
    const { G, D, batch, pairs } = pairedSetup(11);
    const grads = (from: 'all' | 'pairs', term: 'g_cond' | 'g_pair') => {
      const loss = new GANimationLoss(G, D, { paired: 5 });
      loss.colourFrom = from;
      G.zeroGrad();
      backward(loss.generator({ ...batch, pairs }).terms[term]!);
      const size = (name: string) => {
        const g = G.namedParameters().find(([n]) => n === name)![1].grad;
        return g ? g.data().reduce((s: number, v: number) => s + Math.abs(v), 0) : 0;
      };
      return { colour: size('img_reg.weight'), warp: size('flow_reg.weight') };
    };
    const all = grads('all', 'g_cond');
    assert.ok(all.colour > 0 && all.warp > 0, `from every term the AU term trains both (${JSON.stringify(all)})`);
    const held = grads('pairs', 'g_cond');
    assert.equal(held.colour, 0, 'the AU term leaves the colour head alone');
    assert.ok(held.warp > 0, 'and still trains the warp');
    assert.ok(grads('pairs', 'g_pair').colour > 0, 'the paired term trains the colour head');
    assert.equal((G as FlowGenerator).holdColour, false, 'the generator is left as it was');
    G.dispose();
    D.dispose();
  }));

it("cycle 'stopped': the cycle term's gradient is the second edit's alone, from the first edit held fixed; 'through' also reaches the first", () =>
  scope(() => {
    manualSeed(13);
    const G = new FlowGenerator({ ...config, conditioning: 'change', colour: 'luma', contentColour: true });
    const D = new Critic(config);
    for (const [n, p] of G.namedParameters()) if (n === 'flow_reg.weight') noGrad(() => normal_(p, 0, 0.05));
    const batch = { real: sub(mul(rand([2, 3, 32, 32]), 2), 1), realCond: rand([2, 17]), desiredCond: rand([2, 17]) };
    const gradOf = (f: () => Tensor) => {
      G.zeroGrad();
      backward(f());
      return G.namedParameters().flatMap(([, p]) => (p.grad ? Array.from(p.grad.data() as Float32Array) : []));
    };
    const termOf = (cycle: 'through' | 'stopped') => () => {
      const loss = new GANimationLoss(G, D, { cyc: 10 });
      loss.cycle = cycle;
      return loss.generator(batch).terms.g_cyc;
    };
    const [stopped, through] = [gradOf(termOf('stopped')), gradOf(termOf('through'))];
    // by hand: the first edit without a graph, the second from it
    const byHand = gradOf(() => {
      const first = detach(G.edit(batch.real, batch.desiredCond, batch.realCond).fake);
      return mul(l1Loss(G.edit(first, batch.realCond, batch.desiredCond).fake, batch.real), 10);
    });
    const gap = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    const size = byHand.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(size > 1e-4, `the term trains the generator (${size})`);
    assert.ok(
      gap(stopped, byHand) < 1e-5 * Math.max(1, size),
      `stopped = the second edit's gradient (${gap(stopped, byHand)})`,
    );
    assert.ok(gap(through, byHand) > 1e-3 * size, `through adds the first edit's (${gap(through, byHand)})`);
    G.dispose();
    D.dispose();
  }));
