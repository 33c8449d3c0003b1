"""PyTorch side of `npm run bench -- photo`: the GANimation generator in eager mode with the same
weights (a safetensors file of ganimate's) and thread count; answers `g_fwd_b1` on stdin with ms.

Usage: /usr/bin/python3 generator.py <reference dir> <weights.safetensors> <threads>
"""
import sys

import torch

ref_dir, weights, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402
from ganimate_weights import read_state, serve  # noqa: E402

torch.backends.mkldnn.enabled = True  # the reference module turns it off on import
torch.set_num_threads(threads)
G = R.Generator(64, 17, 6)
G.load_state_dict(read_state(weights))
G.eval()
x, y = torch.rand(1, 3, 128, 128) * 2 - 1, torch.rand(1, 17)
serve(lambda: R.compose(x, *G(x, y)))
