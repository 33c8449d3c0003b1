# fhog.test.ts's reference: Felzenszwalb's HOG written independently, vectorised over pixels in numpy.
# stdin: JSON [height, width, [r, g, b, r, g, b, ...]]; stdout: JSON of the [cells, cells, 31] features, flattened.
import json, sys
import numpy as np


def fhog(img, sbin=8):
    img = img.astype(np.float64)
    H, W, _ = img.shape
    dx = np.zeros_like(img)
    dy = np.zeros_like(img)
    dx[1:-1, 1:-1] = img[1:-1, 2:] - img[1:-1, :-2]
    dy[1:-1, 1:-1] = img[2:, 1:-1] - img[:-2, 1:-1]
    mag2 = dx * dx + dy * dy
    best = mag2.argmax(-1)[..., None]
    gx = np.take_along_axis(dx, best, -1)[..., 0]
    gy = np.take_along_axis(dy, best, -1)[..., 0]
    v = np.sqrt(np.take_along_axis(mag2, best, -1)[..., 0])
    uu = np.array([1, 0.9397, 0.766, 0.5, 0.1736, -0.1736, -0.5, -0.766, -0.9397])
    vv = np.array([0, 0.342, 0.6428, 0.866, 0.9848, 0.9848, 0.866, 0.6428, 0.342])
    dots = gx[..., None] * uu + gy[..., None] * vv
    o = np.abs(dots).argmax(-1)
    o = o + 9 * (np.take_along_axis(dots, o[..., None], -1)[..., 0] < 0)
    bh, bw = int(round(H / sbin)), int(round(W / sbin))
    hist = np.zeros((bh, bw, 18))
    ys, xs = np.meshgrid(np.arange(1, H - 1), np.arange(1, W - 1), indexing='ij')
    yp, xp = (ys + 0.5) / sbin - 0.5, (xs + 0.5) / sbin - 0.5
    iy, ix = np.floor(yp).astype(int), np.floor(xp).astype(int)
    fy, fx = yp - iy, xp - ix
    vv, oo = v[1:-1, 1:-1], o[1:-1, 1:-1]
    for cy, wy in ((iy, 1 - fy), (iy + 1, fy)):
        for cx, wx in ((ix, 1 - fx), (ix + 1, fx)):
            ok = (cy >= 0) & (cy < bh) & (cx >= 0) & (cx < bw)
            np.add.at(hist, (np.clip(cy, 0, bh - 1), np.clip(cx, 0, bw - 1), oo), wy * wx * ok * vv)
    energy = ((hist[..., :9] + hist[..., 9:]) ** 2).sum(-1)
    oh, ow = bh - 2, bw - 2

    def block(y0, x0):
        s = sum(energy[y0 + a:y0 + a + oh, x0 + b:x0 + b + ow] for a in (0, 1) for b in (0, 1))
        return 1 / np.sqrt(s + 1e-4)

    src = hist[1:-1, 1:-1]
    out = np.zeros((oh, ow, 31))
    for i, n in enumerate([block(1, 1), block(0, 1), block(1, 0), block(0, 0)]):
        h = np.minimum(src * n[..., None], 0.2)
        out[..., :18] += 0.5 * h
        out[..., 18:27] += 0.5 * np.minimum((src[..., :9] + src[..., 9:]) * n[..., None], 0.2)
        out[..., 27 + i] = 0.2357 * h.sum(-1)
    return out


h, w, pixels = json.load(sys.stdin)
print(json.dumps(fhog(np.array(pixels, np.float64).reshape(h, w, 3)).ravel().tolist()))
