"""PyTorch side of `npm run bench -- train-step`: the same shapes, steps and thread count as ganimate.

It stays alive and answers commands on stdin, one per line (g_fwd_b1, g_fwd_b8, train_iter,
train_iter_bf16, critic_iter), with the milliseconds of one run, so that the two sides can alternate measurement by
measurement.
Usage: /usr/bin/python3 train_step.py <reference dir> <threads> [g_conv g_blocks d_conv batch]
"""
import json
import sys
import time

import torch

ref_dir, threads = sys.argv[1], int(sys.argv[2])
g_conv, g_blocks, d_conv, B = (int(a) for a in (sys.argv[3:7] if len(sys.argv) > 6 else (64, 6, 64, 4)))
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402  (the reference's GANimation modules)

sys.path.insert(0, __import__('os').path.dirname(__file__))
from ganimation_step import train_iteration  # noqa: E402

# importing the reference turns oneDNN off and pins 1 thread for its exact kernels; a benchmark wants
# PyTorch as users run it (oneDNN on, the default), like ganimate.
torch.backends.mkldnn.enabled = True
torch.set_num_threads(threads)
torch.manual_seed(0)
G, D = R.Generator(g_conv, 17, g_blocks), R.Critic(128, d_conv, 17, 6)
optG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.999))


def g_forward(b):
    x, y = torch.rand(b, 3, 128, 128) * 2 - 1, torch.rand(b, 17)
    def run():
        with torch.no_grad():
            c, a = G(x, y)
            R.compose(x, c, a)
    return run


real, rc, dc = torch.rand(B, 3, 128, 128) * 2 - 1, torch.rand(B, 17), torch.rand(B, 17)


def iteration(generator_step=True):
    train_iteration(R, G, D, optG, optD, real, rc, dc, B, generator_step)


def iteration_bf16():
    # mixed precision as ganimate's 'bfloat16': convolutions and matrix products in bfloat16, weights in float32
    with torch.autocast("cpu", dtype=torch.bfloat16):
        iteration()


commands = {"g_fwd_b1": g_forward(1), "g_fwd_b8": g_forward(8), "train_iter": iteration,
            "train_iter_bf16": iteration_bf16, "critic_iter": lambda: iteration(False)}
print(json.dumps({"ready": True, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
for line in sys.stdin:
    fn = commands[line.strip()]
    t = time.perf_counter()
    fn()
    print(json.dumps({"ms": (time.perf_counter() - t) * 1000}), flush=True)
