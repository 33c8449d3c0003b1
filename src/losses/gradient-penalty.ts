import { add, flatten, grad, mean, mul, ones, pow, sqrt, sub, sum, type Tensor, detach } from '../torch/index.js';

/**
 * WGAN-GP: mean((‖∇x̂ D(x̂)‖₂ − 1)²) at x̂ = α·real + (1 − α)·fake, α ∈ [0, 1] per sample ([B,1,1,1]).
 * The gradient is built with createGraph so that the penalty itself can be differentiated.
 */
export function gradientPenalty(critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, alpha: Tensor): Tensor {
  const interp = detach(add(mul(alpha, real), mul(sub(1, alpha), fake)));
  interp.requiresGrad = true;
  const scores = critic(interp);
  const [g] = grad([scores], [interp], { gradOutputs: [ones(scores.shape, scores.device)], createGraph: true });
  const norm = sqrt(sum(pow(flatten(g!, 1), 2), 1));
  return mean(pow(sub(norm, 1), 2));
}

/**
 * R1 (Mescheder et al., ICML 2018): mean ‖∇x D(x)‖₂² at the real images, zero-centred (the caller weighs it γ/2).
 * Built with createGraph, like the gradient penalty.
 */
export function r1Penalty(critic: (x: Tensor) => Tensor, real: Tensor): Tensor {
  const x = detach(real);
  x.requiresGrad = true;
  const scores = critic(x);
  const [g] = grad([scores], [x], { gradOutputs: [ones(scores.shape, scores.device)], createGraph: true });
  return mean(sum(pow(flatten(g!, 1), 2), 1));
}
