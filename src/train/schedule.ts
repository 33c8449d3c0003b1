// The learning-rate schedule every model's training shares: constant, then a linear decay to zero.

/** Learning-rate factor at an iteration: 1 for `epochs`, then linear to 0 over `decayEpochs`. */
export function lrFactor(
  o: { epochs: number; decayEpochs: number },
  iteration: number,
  batchesPerEpoch: number,
): number {
  const epoch = iteration / batchesPerEpoch;
  if (epoch < o.epochs) return 1;
  return Math.max(0, 1 - (epoch - o.epochs) / o.decayEpochs);
}
