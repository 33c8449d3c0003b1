"""scipy/numpy side of `npm run bench -- fid`: pytorch-fid's statistics and Fréchet distance (scipy sqrtm),
and KID's unbiased polynomial MMD² on fixed subsets, on the same float64 features as ganimate.

Usage: /usr/bin/python3 fid_scipy.py <features.f64> <n> <dim> <subset rows file.i32> <subsets> <subset size>
A long-lived peer (bench/pytorch-peer.ts): prints one JSON line when the features are loaded, then answers each
request line with one JSON line:
  stats       -> {"ms"}: the two sets' means and covariances
  fid         -> {"ms", "fid"}: the distance from the last statistics
  kid <a> <b> -> {"ms", "mmd2"}: the MMD² of subsets a .. b-1, each subset's value in order; first, untimed, one
                 subset (a's), as the work before a round's would have warmed the BLAS threads
  gram        -> {"gflops"}: one m × d Gram product (the first subset's rows with themselves), best of three
"""
import json
import sys
import time

import numpy as np
from scipy import linalg

path, n, d, subsets_path, subsets, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
feats = np.fromfile(path, dtype=np.float64).reshape(2, n, d)
rows = np.fromfile(subsets_path, dtype=np.int32).reshape(subsets, 2, m)
mu, sigma = None, None


def stats():
    global mu, sigma
    mu = [feats[k].mean(axis=0) for k in range(2)]
    sigma = [np.cov(feats[k], rowvar=False) for k in range(2)]


def fid():
    covmean, _ = linalg.sqrtm(sigma[0].dot(sigma[1]), disp=False)
    if not np.isfinite(covmean).all():
        off = np.eye(d) * 1e-6
        covmean = linalg.sqrtm((sigma[0] + off).dot(sigma[1] + off))
    covmean = covmean.real
    diff = mu[0] - mu[1]
    return float(diff.dot(diff) + np.trace(sigma[0]) + np.trace(sigma[1]) - 2 * np.trace(covmean))


def kid(a, b):
    vals = []
    for s in range(a, b):
        x, y = feats[0][rows[s, 0]], feats[1][rows[s, 1]]
        k = lambda p, q: (p @ q.T / d + 1) ** 3
        kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
        vals.append((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.sum() / (m * m))
    return [float(v) for v in vals]


def gram():
    x = np.ascontiguousarray(feats[0][rows[0, 0]])
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        x @ x.T
        best = min(best, time.perf_counter() - t)
    return 2 * m * m * d / best / 1e9


def timed(f, *args):
    t = time.perf_counter()
    out = f(*args)
    return (time.perf_counter() - t) * 1000, out


print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "stats":
        ms, _ = timed(stats)
        reply = {"ms": ms}
    elif words[0] == "fid":
        ms, value = timed(fid)
        reply = {"ms": ms, "fid": value}
    elif words[0] == "kid":
        kid(int(words[1]), int(words[1]) + 1)
        ms, values = timed(kid, int(words[1]), int(words[2]))
        reply = {"ms": ms, "mmd2": values}
    elif words[0] == "gram":
        reply = {"gflops": gram()}
    else:
        reply = {"error": f"unknown request {words[0]}"}
    print(json.dumps(reply), flush=True)
