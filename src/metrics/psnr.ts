// Peak signal-to-noise ratio of two 8-bit images of one size, in dB (Infinity when identical).
import { InvalidOptionError } from '../errors.js';

export function psnr(a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }, peak = 255): number {
  if (a.data.length !== b.data.length)
    throw new InvalidOptionError(`PSNR compares images of one size, got ${a.data.length} and ${b.data.length} values`);
  let se = 0;
  for (let i = 0; i < a.data.length; i++) se += (a.data[i]! - b.data[i]!) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((peak * peak * a.data.length) / se);
}
