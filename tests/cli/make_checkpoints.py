"""Writes PyTorch checkpoints as the published GANimation code saves them, for `ganimate convert` tests.

Usage: /usr/bin/python3 make_checkpoints.py <reference dir> <out dir>
"""
import os
import pickle
import sys

import torch

ref_dir, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402

torch.backends.mkldnn.enabled = True
torch.manual_seed(0)
G, D = R.Generator(8, 17, 2), R.Critic(128, 8, 17, 6)
for m in (G, D):
    R.init_weights(m, torch.Generator().manual_seed(1))
torch.save(G.state_dict(), f"{out}/G_zip.pth")
torch.save(G.state_dict(), f"{out}/G_legacy.pth", _use_new_zipfile_serialization=False)
torch.save(D.state_dict(), f"{out}/D_legacy.pth", _use_new_zipfile_serialization=False)
torch.save({"state_dict": {"module." + k: v.double() for k, v in G.state_dict().items()}, "epoch": 3}, f"{out}/G_wrapped.pth")

image = torch.rand(2, 3, 128, 128, generator=torch.Generator().manual_seed(2)) * 2 - 1
aus = torch.rand(2, 17, generator=torch.Generator().manual_seed(3))
with torch.no_grad():
    color, att = G(image, aus)
    _, d_aus = D(image)
expected = {"image": image, "aus": aus, "color": color, "attention": att, "composed": R.compose(image, color, att), "critic_aus": d_aus}
expected.update({"G." + k: v for k, v in G.state_dict().items()})
R.save_safetensors(f"{out}/expected.safetensors", expected, {"note": "forward values of the checkpoints"})


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > " + out + "/pwned",))


with open(f"{out}/evil.pth", "wb") as f:
    pickle.dump(Evil(), f, protocol=2)
