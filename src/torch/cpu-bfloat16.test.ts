import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { cpuHasFastBfloat16, cpuinfoHasFastBfloat16 } from './cpu-bfloat16.js';

it('reads AMX or AVX-512 BF16 from cpuinfo flags, and says nothing without flags', () => {
  const line = (flags: string) => `processor\t: 0\nmodel name\t: X\nflags\t\t: ${flags}\n\n`;
  assert.equal(cpuinfoHasFastBfloat16(line('fpu sse2 avx2 fma')), false);
  assert.equal(cpuinfoHasFastBfloat16(line('fpu avx512f avx512_bf16 avx2')), true);
  assert.equal(cpuinfoHasFastBfloat16(line('fpu amx_tile amx_bf16 amx_int8')), true);
  assert.equal(cpuinfoHasFastBfloat16(line('fpu avx512_bf16x')), false, 'whole flags only');
  assert.equal(cpuinfoHasFastBfloat16('Processor : ARMv7\n'), undefined);
});

it(
  "this machine's answer agrees with its /proc/cpuinfo",
  { skip: process.platform !== 'linux' && 'reads /proc/cpuinfo (Linux only)' },
  () => {
    const flags = readFileSync('/proc/cpuinfo', 'utf8');
    assert.equal(cpuHasFastBfloat16(), /\b(amx_bf16|avx512_bf16)\b/.test(flags));
  },
);
