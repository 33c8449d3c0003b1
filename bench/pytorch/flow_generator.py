"""PyTorch side of `npm run bench -- photo` for ganimate's flow generator family
(src/networks/ganimation/flow-generator.ts), written again in PyTorch eager with the same weights
(a safetensors file of ganimate's) and thread count; answers `g_fwd_b1` on stdin with ms.

Usage: /usr/bin/python3 flow_generator.py <reference dir> <weights.safetensors> <threads> <width> <blocks>
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ref_dir, weights, threads, width, blocks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, ref_dir)
import make_ganimation_reference as R  # noqa: E402
from ganimate_weights import read_state, serve  # noqa: E402

torch.backends.mkldnn.enabled = True  # the reference module turns it off on import
torch.set_num_threads(threads)


class FlowGenerator(nn.Module):
    def __init__(self, w, c_dim, repeat_num):
        super().__init__()
        layers = [nn.Conv2d(3 + c_dim, w, 7, 1, 3, bias=False), nn.InstanceNorm2d(w, affine=True), nn.ReLU()]
        d = w
        for _ in range(2):
            layers += [nn.Conv2d(d, d * 2, 4, 2, 1, bias=False), nn.InstanceNorm2d(d * 2, affine=True), nn.ReLU()]
            d *= 2
        layers += [R.ResidualBlock(d) for _ in range(repeat_num)]
        self.main = nn.Sequential(*layers)
        self.flow_reg = nn.Conv2d(d, 2, 3, 1, 1, bias=False)
        up = []
        for _ in range(2):
            up += [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(d, d // 2, 3, 1, 1, bias=False), nn.InstanceNorm2d(d // 2, affine=True), nn.ReLU()]
            d //= 2
        self.up = nn.Sequential(*up)
        self.img_reg = nn.Conv2d(d, 3, 7, 1, 3, bias=False)
        self.attetion_reg = nn.Sequential(nn.Conv2d(d, 1, 7, 1, 3, bias=False), nn.Sigmoid())

    def forward(self, x, c):
        b, _, h, w = x.shape
        feat = self.main(torch.cat([x, c.view(b, -1, 1, 1).expand(b, c.shape[1], h, w)], 1))
        flow = F.interpolate(self.flow_reg(feat) * 0.1, size=(h, w), mode="bilinear", align_corners=False)
        up = self.up(feat)
        residual = torch.tanh(self.img_reg(up)) * 2
        attention = self.attetion_reg(up)
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing="ij")
        grid = torch.stack([xs, ys], -1).unsqueeze(0) + flow.permute(0, 2, 3, 1)
        warped = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=True)
        return torch.clamp(warped + (1 - attention) * residual, -1, 1)


G = FlowGenerator(width, 17, blocks)
G.load_state_dict(read_state(weights))
G.eval()
x, y = torch.rand(1, 3, 128, 128) * 2 - 1, torch.rand(1, 17)
serve(lambda: G(x, y))
