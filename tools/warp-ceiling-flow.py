"""Dense optical-flow warps for tools/warp-ceiling.ts: each first frame warped onto its second by OpenCV's Farnebäck
flow (second → first, so every pixel of the second frame samples the first where its content came from). A warp held
to no landmark set: the most any smooth warp of the photo's own pixels could take from the real motion.

Usage: /usr/bin/python3 tools/warp-ceiling-flow.py <pairs.u8 from --dump> <out.u8>   (needs python3-opencv)
"""
import os
import sys

import cv2
import numpy as np

S = 128
src, out = sys.argv[1], sys.argv[2]
frames = np.fromfile(src, dtype=np.uint8).reshape(-1, 2, S, S, 3)
ys, xs = np.mgrid[0:S, 0:S].astype(np.float32)
warped = np.empty((len(frames), S, S, 3), dtype=np.uint8)
for n, (first, second) in enumerate(frames):
    g1, g2 = (cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in (first, second))
    flow = cv2.calcOpticalFlowFarneback(g2, g1, None, 0.5, 3, 9, 5, 5, 1.1, 0)
    warped[n] = cv2.remap(first, xs + flow[..., 0], ys + flow[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
tmp = out + ".tmp"
warped.tofile(tmp)
os.replace(tmp, out)
print(f"{len(frames)} warps written to {out}")
