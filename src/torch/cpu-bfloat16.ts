// Whether this CPU runs bfloat16 matrix products in hardware (AMX or AVX-512 BF16). Without either, oneDNN emulates
// them and a mixed-precision training step is several times slower than float32's (measured on a 2-core AMD EPYC
// without them: its first iteration took 100 s against float32's 6 s; model card, session 42).
import { readFileSync } from 'node:fs';

/** The CPU flags that give oneDNN native bfloat16 products. */
const FAST_BFLOAT16_FLAGS = ['amx_bf16', 'avx512_bf16'];

/** true / false from a Linux cpuinfo text (its `flags` lines); undefined when the text names no flags. */
export function cpuinfoHasFastBfloat16(cpuinfo: string): boolean | undefined {
  const flags = cpuinfo
    .split('\n')
    .filter((l) => /^flags\s*:/.test(l))
    .flatMap((l) =>
      l
        .slice(l.indexOf(':') + 1)
        .trim()
        .split(/\s+/),
    );
  if (!flags.length) return undefined;
  return FAST_BFLOAT16_FLAGS.some((f) => flags.includes(f));
}

/** This machine's answer; undefined where /proc/cpuinfo cannot be read (not Linux). */
export function cpuHasFastBfloat16(): boolean | undefined {
  try {
    return cpuinfoHasFastBfloat16(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return undefined;
  }
}
