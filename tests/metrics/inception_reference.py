"""Reference for the 2015 Inception network: torchvision's Inception3 (1008 classes, no aux head) with
pytorch-fid's FID blocks (average pools without padding; a max pool in Mixed_7c's pool branch),
random weights and batch-norm statistics, written as a zip checkpoint; plus a second checkpoint with
an input batch and pytorch-fid's pool3 features and torch-fidelity's unbiased logits for it.

usage: /usr/bin/python3 inception_reference.py OUT_DIR
"""
import sys
import types

import torch
import torch.nn.functional as F
import torchvision

out = sys.argv[1]
torch.manual_seed(0)
net = torchvision.models.inception_v3(weights=None, aux_logits=False, num_classes=1008, init_weights=False).eval()
with torch.no_grad():
    for m in net.modules():
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(m.weight)
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.8, 1.2)
            m.bias.uniform_(-0.1, 0.1)


def avg_no_pad(x):
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


def fid_a(self, x):
    return torch.cat([self.branch1x1(x), self.branch5x5_2(self.branch5x5_1(x)),
                      self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x))), self.branch_pool(avg_no_pad(x))], 1)


def fid_c(self, x):
    b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
    d7 = x
    for k in range(1, 6):
        d7 = getattr(self, f'branch7x7dbl_{k}')(d7)
    return torch.cat([self.branch1x1(x), b7, d7, self.branch_pool(avg_no_pad(x))], 1)


def fid_e(pool):
    def forward(self, x):
        b3 = self.branch3x3_1(x)
        d3 = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        return torch.cat([self.branch1x1(x), torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1),
                          torch.cat([self.branch3x3dbl_3a(d3), self.branch3x3dbl_3b(d3)], 1), self.branch_pool(pool(x))], 1)
    return forward


for name in ['Mixed_5b', 'Mixed_5c', 'Mixed_5d']:
    getattr(net, name).forward = types.MethodType(fid_a, getattr(net, name))
for name in ['Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e']:
    getattr(net, name).forward = types.MethodType(fid_c, getattr(net, name))
net.Mixed_7b.forward = types.MethodType(fid_e(avg_no_pad), net.Mixed_7b)
net.Mixed_7c.forward = types.MethodType(fid_e(lambda x: F.max_pool2d(x, kernel_size=3, stride=1, padding=1)), net.Mixed_7c)

x = torch.rand(2, 3, 64, 80)
with torch.no_grad():
    y = F.interpolate(x, size=(299, 299), mode='bilinear', align_corners=False) * 2 - 1
    for name in ['Conv2d_1a_3x3', 'Conv2d_2a_3x3', 'Conv2d_2b_3x3', 'maxpool1', 'Conv2d_3b_1x1', 'Conv2d_4a_3x3', 'maxpool2',
                 'Mixed_5b', 'Mixed_5c', 'Mixed_5d', 'Mixed_6a', 'Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e',
                 'Mixed_7a', 'Mixed_7b', 'Mixed_7c']:
        y = getattr(net, name)(y)
    pool3 = F.adaptive_avg_pool2d(y, (1, 1)).flatten(1)
    logits = pool3 @ net.fc.weight.T

state = net.state_dict()
torch.save(state, f'{out}/inception.pth')
torch.save({k: v for k, v in state.items() if not k.endswith('num_batches_tracked')}, f'{out}/inception-old.pth')
torch.save({'input': x, 'pool3': pool3, 'logits': logits}, f'{out}/case.pth')
print(len(state), float(pool3.abs().max()), float(logits.abs().max()))
