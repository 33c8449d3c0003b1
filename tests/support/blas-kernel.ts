// Which OpenBLAS kernel family this process's libtorch computes with: OPENBLAS_CORETYPE when it is set, else the one
// OpenBLAS picks for this CPU, asked of OpenBLAS itself (openblas_get_corename, through Python's ctypes). A CPU flag
// is not enough to know it: on an AVX-512 CPU with BF16 (Cooper Lake, AMD Zen 4) OpenBLAS picks 'Cooperlake', not
// 'SkylakeX', and the two kernels' float32 sums differ.
import { spawnSync } from 'node:child_process';

const ASK =
  "import ctypes; f = ctypes.CDLL('libopenblas.so.0').openblas_get_corename; f.restype = ctypes.c_char_p; print(f().decode())";

/** The kernel family's name as OpenBLAS spells it (SkylakeX, Cooperlake, Haswell …), or undefined when OpenBLAS
 * cannot be asked (no Python, or no system OpenBLAS: a libtorch built with MKL, say). */
export function openblasCore(): string | undefined {
  if (process.env.OPENBLAS_CORETYPE) return process.env.OPENBLAS_CORETYPE;
  const r = spawnSync('/usr/bin/python3', ['-c', ASK], { encoding: 'utf8' });
  const name = r.status === 0 ? r.stdout.trim() : '';
  return name || undefined;
}
