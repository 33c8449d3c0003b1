"""PyTorch side of `npm run bench -- photo`: the GANimation generator in eager mode with the same
weights (a safetensors file of ganimate's) and thread count; answers `g_fwd_b1` on stdin with ms.

Usage: /usr/bin/python3 generator.py <reference dir> <weights.safetensors> <threads>
"""
import json
import struct
import sys
import time

import numpy as np
import torch

ref_dir, weights, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402

torch.backends.mkldnn.enabled = True  # the reference module turns it off on import
torch.set_num_threads(threads)
raw = open(weights, "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
head = json.loads(raw[8:8 + n])
head.pop("__metadata__", None)
state = {k: torch.from_numpy(np.frombuffer(raw[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], dtype=np.float32).reshape(v["shape"]).copy()) for k, v in head.items()}
G = R.Generator(64, 17, 6)
G.load_state_dict(state)
G.eval()
x, y = torch.rand(1, 3, 128, 128) * 2 - 1, torch.rand(1, 17)
print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
for line in sys.stdin:
    t = time.perf_counter()
    with torch.no_grad():
        c, a = G(x, y)
        R.compose(x, c, a)
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000}), flush=True)
