"""Float64 ground truth for the generator step of ganimation_tiny.

The stored grad.G_loss.* and G1.* were produced with OpenBLAS 0.3.21's SkylakeX sgemm kernel, which
differs from float64 by up to 8e-2 in the early generator layers; on other kernels PyTorch agrees with
float64 to ~2e-6. This recomputes the generator step with the reference's own modules in float64
(G from G0, D from D2, Adam from the stored lr) so the parity suite can check ganimate against the truth.

Usage: /usr/bin/python3 ganimation_tiny_float64.py <reference dir> <out.safetensors>
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

ref_dir, out_path = sys.argv[1], sys.argv[2]
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402


def load(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    head = json.loads(raw[8:8 + n])
    meta = head.pop("__metadata__", {})
    out = {}
    for k, v in head.items():
        s, e = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(raw[8 + n + s:8 + n + e], dtype=np.float32).reshape(v["shape"]).copy())
    return out, meta


ref, meta = load(f"{ref_dir}/ganimation_tiny.safetensors")
lam = json.loads(meta["lambdas"])
dt = torch.float64
B, S, C = int(meta["batch"]), int(meta["image_size"]), int(meta["c_dim"])
G = R.Generator(int(meta["g_conv_dim"]), C, int(meta["g_repeat_num"])).to(dt)
D = R.Critic(S, int(meta["d_conv_dim"]), C, int(meta["d_repeat_num"])).to(dt)
G.load_state_dict({k[3:]: v.to(dt) for k, v in ref.items() if k.startswith("G0.")})
D.load_state_dict({k[3:]: v.to(dt) for k, v in ref.items() if k.startswith("D2.")})
real, real_cond, desired = (ref[k].to(dt) for k in ("input.real_img", "input.real_cond", "input.desired_cond"))

color, att = G(real, desired)
fake = R.compose(real, color, att)
p_fake, c_fake = D(fake)
rec_color, rec_att = G(fake, real_cond)
rec = R.compose(fake, rec_color, rec_att)
loss = (-p_fake.mean() * lam["D_prob"] + F.mse_loss(c_fake, desired) / B * lam["D_cond"] + F.l1_loss(rec, real) * lam["cyc"]
        + (att.mean() + rec_att.mean()) * lam["mask"] + (R.smooth_l1_tv(att) + R.smooth_l1_tv(rec_att)) * lam["mask_smooth"])
opt = torch.optim.Adam(G.parameters(), lr=float(meta["lr"]), betas=(0.5, 0.999))
opt.zero_grad()
loss.backward()
out = {"grad.G_loss." + k: p.grad for k, p in G.named_parameters()}
opt.step()
out.update({"G1." + k: v for k, v in G.state_dict().items()})
R.save_safetensors(out_path, out, {"note": "float64 generator step of ganimation_tiny, stored as float32"})
