"""scipy/numpy side of `npm run bench -- fid`: pytorch-fid's statistics and Fréchet distance (scipy sqrtm),
and KID's unbiased polynomial MMD² on fixed subsets, on the same float64 features as ganimate.

Usage: /usr/bin/python3 fid_scipy.py <features.f64> <n> <dim> <subset rows file.i32> <subsets> <subset size>
Prints one JSON line with the values and the seconds of each stage.
"""
import json
import sys
import time

import numpy as np
from scipy import linalg

path, n, d, subsets_path, subsets, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
feats = np.fromfile(path, dtype=np.float64).reshape(2, n, d)
rows = np.fromfile(subsets_path, dtype=np.int32).reshape(subsets, 2, m)

t = time.perf_counter()
mu = [feats[k].mean(axis=0) for k in range(2)]
sigma = [np.cov(feats[k], rowvar=False) for k in range(2)]
t_stats = time.perf_counter() - t

t = time.perf_counter()
covmean, _ = linalg.sqrtm(sigma[0].dot(sigma[1]), disp=False)
if not np.isfinite(covmean).all():
    off = np.eye(d) * 1e-6
    covmean = linalg.sqrtm((sigma[0] + off).dot(sigma[1] + off))
covmean = covmean.real
diff = mu[0] - mu[1]
fid = float(diff.dot(diff) + np.trace(sigma[0]) + np.trace(sigma[1]) - 2 * np.trace(covmean))
t_fid = time.perf_counter() - t

t = time.perf_counter()
vals = []
for s in range(subsets):
    x, y = feats[0][rows[s, 0]], feats[1][rows[s, 1]]
    k = lambda a, b: (a @ b.T / d + 1) ** 3
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    vals.append((kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.sum() / (m * m))
t_kid = time.perf_counter() - t

# the float64 Gram product KID is made of (first subset, m × d by d × m), best of three: the BLAS rate behind kid_s
x = np.ascontiguousarray(feats[0][rows[0, 0]])
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    x @ x.T
    best = min(best, time.perf_counter() - t)
print(json.dumps({"fid": fid, "kid": float(np.mean(vals)), "stats_s": t_stats, "fid_s": t_fid, "kid_s": t_kid,
                  "gram_gflops": 2 * m * m * d / best / 1e9}))
