"""PyTorch side of `npm run bench -- dist`: GANimation's default configuration (G width 32, 3 blocks, D width 16,
batch 8, a generator step every iteration) trained data-parallel the way PyTorch users would, on the same machine:
one process with 2 threads, then 2 processes with 1 thread each over torch.distributed's Gloo, each with half of
every batch, gradients averaged before every optimiser step in flat buckets (what DistributedDataParallel does; DDP
itself cannot wrap the gradient-penalty step, whose torch.autograd.grad with create_graph it does not support).
Synthetic batches (PyTorch has no faces128 loader here), so compare the speed-ups and the exchange time, not the
images/s. Prints one JSON line: images_per_s_1x2, images_per_s_2x1, allreduce_ms_per_step.

Usage: /usr/bin/python3 ddp_step.py <reference dir> <iterations>
"""
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

ref_dir, iters = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from ganimation_step import train_iteration  # noqa: E402

WARM = 5
B = 8


def average(params, comm):
    grads = [p.grad for p in params if p.grad is not None]
    t = time.perf_counter()
    flat = _flatten_dense_tensors(grads)
    dist.all_reduce(flat)
    flat /= dist.get_world_size()
    for g, f in zip(grads, _unflatten_dense_tensors(flat, grads)):
        g.copy_(f)
    comm[0] += time.perf_counter() - t


def run(rank, world, threads, out):
    torch.backends.mkldnn.enabled = True
    torch.set_num_threads(threads)
    if world > 1:
        dist.init_process_group("gloo", init_method="tcp://127.0.0.1:" + os.environ["BENCH_PORT"], rank=rank,
                                world_size=world)
    torch.manual_seed(0)
    G, D = R.Generator(32, 17, 3), R.Critic(128, 16, 17, 6)
    optG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.999))
    b = B // world
    comm = [0.0]
    sync = (lambda ps: average(ps, comm)) if world > 1 else (lambda ps: None)

    def iteration():
        real, rc, dc = torch.rand(b, 3, 128, 128) * 2 - 1, torch.rand(b, 17), torch.rand(b, 17)
        train_iteration(R, G, D, optG, optD, real, rc, dc, B, sync=sync, tv_scale=world)

    for _ in range(WARM):
        iteration()
    comm[0] = 0.0
    t = time.perf_counter()
    for _ in range(iters):
        iteration()
    secs = time.perf_counter() - t
    if rank == 0:
        out.put({"images_per_s": B * iters / secs, "allreduce_ms": comm[0] * 1000 / iters})
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    run(0, 1, 2, q)
    one = q.get()
    procs = [ctx.Process(target=run, args=(r, 2, 1, q)) for r in range(2)]
    for p in procs:
        p.start()
    two = q.get()
    for p in procs:
        p.join()
    print(json.dumps({"images_per_s_1x2": one["images_per_s"], "images_per_s_2x1": two["images_per_s"],
                      "allreduce_ms_per_step": two["allreduce_ms"]}))
