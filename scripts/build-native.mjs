#!/usr/bin/env node
// Builds the libtorch addon (native/) against LIBTORCH=<dir> (an unpacked official or pip
// libtorch, CUDA builds included) or Debian's libtorch-dev. Kept out of `npm install` on purpose:
// the inference side of ganimate needs no libtorch.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(msg) {
  console.error(`ganimate: cannot build the libtorch addon: ${msg}`);
  process.exit(1);
}

/** Whether gloo's headers (which c10d's ProcessGroupGloo.hpp includes) sit in `include` or the system's. */
function glooHeaders(include) {
  return [include, '/usr/include'].some((d) => existsSync(join(d, 'gloo', 'algorithm.h')));
}

/** nccl.h for a CUDA libtorch: in its include folder, CUDA's, or the system's. */
function ncclHeader(include) {
  const cudaHome = process.env.CUDA_HOME ?? '/usr/local/cuda';
  return [include, join(cudaHome, 'include'), '/usr/include'].map((d) => join(d, 'nccl.h')).find((f) => existsSync(f));
}

function fromArchive(dir) {
  const lib = join(dir, 'lib');
  if (!existsSync(join(dir, 'include', 'torch')) || !existsSync(lib)) {
    fail(
      `LIBTORCH=${dir} has no include/torch and lib/ (point it at an unpacked libtorch, or torch/ inside a PyTorch install)`,
    );
  }
  const cfg = join(dir, 'share', 'cmake', 'Torch', 'TorchConfig.cmake');
  const abi0 = existsSync(cfg) && readFileSync(cfg, 'utf8').includes('_GLIBCXX_USE_CXX11_ABI=0');
  const cuda = ['torch_cuda', 'c10_cuda'].filter((n) => existsSync(join(lib, `lib${n}.so`)));
  // --no-as-needed keeps libtorch_cuda loaded although no symbol of it is referenced: it registers the CUDA kernels.
  const libs = ['-ltorch', '-ltorch_cpu', '-lc10', ...cuda.map((n) => `-l${n}`)];
  const include = join(dir, 'include');
  const nccl = cuda.length > 0 && ncclHeader(include);
  return {
    includes: [include, join(dir, 'include', 'torch', 'csrc', 'api', 'include'), ...(nccl ? [dirname(nccl)] : [])],
    defines: [
      ...(abi0 ? ['_GLIBCXX_USE_CXX11_ABI=0'] : []),
      ...(glooHeaders(include) ? ['GA_WITH_GLOO'] : []),
      ...(nccl ? ['GA_WITH_NCCL'] : []),
    ],
    ldflags: [`-L${lib}`, `-Wl,-rpath,${lib}`, '-Wl,--no-as-needed', ...libs, '-Wl,--as-needed'],
    where: `${dir}${cuda.length ? ' (CUDA)' : ''}`,
  };
}

function fromDebian() {
  if (!existsSync('/usr/include/torch/csrc/api/include/torch/torch.h')) return null;
  return {
    includes: ['/usr/include/torch/csrc/api/include'],
    defines: glooHeaders('/usr/include') ? ['GA_WITH_GLOO'] : [],
    ldflags: ['-ltorch', '-ltorch_cpu', '-lc10'],
    where: "Debian's libtorch-dev",
  };
}

const found = process.env.LIBTORCH ? fromArchive(resolve(process.env.LIBTORCH)) : fromDebian();
if (!found)
  fail(
    'libtorch not found. Install it with `apt-get install -y libtorch-dev` (Debian) or set LIBTORCH=<dir of an unpacked libtorch>.',
  );

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  fail('node-gyp is missing: run `npm ci` first.');
}
console.log(`ganimate: building the libtorch addon against ${found.where}`);
if (!found.defines.includes('GA_WITH_GLOO'))
  console.warn(
    'ganimate: gloo headers not found: the addon builds without distributed training (--nproc, --dist-url); install libgloo-dev for it',
  );
const env = {
  ...process.env,
  GA_TORCH_INCLUDES: found.includes.join(' '),
  GA_TORCH_DEFINES: found.defines.join(' '),
  GA_TORCH_LDFLAGS: found.ldflags.join(' '),
};
const r = spawnSync(process.execPath, [gyp, 'rebuild', '--jobs', 'max'], {
  cwd: join(root, 'native'),
  env,
  stdio: 'inherit',
});
if (r.status !== 0) fail('the compiler failed (output above).');
console.log('ganimate: addon built at native/build/Release/ganimate_torch.node');
