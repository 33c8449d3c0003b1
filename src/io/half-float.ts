/** IEEE 754 half precision (16 bits) to a JS number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** bfloat16 (the top 16 bits of a float32) to a JS number. */
export function bfloat16ToFloat(h: number): number {
  return new Float32Array(new Uint32Array([h << 16]).buffer)[0]!;
}
