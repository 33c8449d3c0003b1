"""One GANimation training iteration in PyTorch as ganimate runs it (critic step, gradient-penalty step, generator
step), shared by the benchmarks' PyTorch sides (train_step.py, ddp_step.py).

`sync(params)` runs after each backward, before its optimiser step (data-parallel gradient averaging); `tv_scale`
multiplies the attention TV terms, which are sums over the batch (a rank's part counts as many times as there are
ranks)."""
import torch
import torch.nn.functional as F


def train_iteration(R, G, D, optG, optD, real, rc, dc, B, generator_step=True, sync=lambda ps: None, tv_scale=1):
    # critic step (generator forward without graph, as ganimate does)
    with torch.no_grad():
        c, a = G(real, dc)
        fake = R.compose(real, c, a)
    optD.zero_grad()
    p_real, c_real = D(real)
    (-p_real.mean() + F.mse_loss(c_real, rc) / B * 4000 + D(fake)[0].mean()).backward()
    sync(list(D.parameters()))
    optD.step()
    # gradient-penalty step
    optD.zero_grad()
    alpha = torch.rand(real.shape[0], 1, 1, 1)
    x = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    p = D(x)[0]
    g = torch.autograd.grad(p, x, torch.ones_like(p), create_graph=True)[0]
    (((g.flatten(1).pow(2).sum(1).sqrt() - 1) ** 2).mean() * 10).backward()
    sync(list(D.parameters()))
    optD.step()
    if not generator_step:
        return
    # generator step, D's weight gradients not needed (ganimate skips them the same way)
    for q in D.parameters():
        q.requires_grad_(False)
    optG.zero_grad()
    c, a = G(real, dc)
    fake = R.compose(real, c, a)
    pf, cf = D(fake)
    rc_, ra = G(fake, rc)
    rec = R.compose(fake, rc_, ra)
    (-pf.mean() + F.mse_loss(cf, dc) / B * 4000 + F.l1_loss(rec, real) * 10 + (a.mean() + ra.mean()) * 0.1
     + (R.smooth_l1_tv(a) + R.smooth_l1_tv(ra)) * 1e-5 * tv_scale).backward()
    sync(list(G.parameters()))
    optG.step()
    for q in D.parameters():
        q.requires_grad_(True)
