"""ganimate's float32 safetensors files as a PyTorch state dict, and the request loop the PyTorch
side of a bench answers (one JSON line of milliseconds per line on stdin)."""
import json
import struct
import sys
import time

import numpy as np
import torch


def read_state(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    head = json.loads(raw[8:8 + n])
    head.pop("__metadata__", None)
    return {k: torch.from_numpy(np.frombuffer(raw[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], dtype=np.float32).reshape(v["shape"]).copy()) for k, v in head.items()}


def serve(run):
    """Announces readiness, then times `run()` (no grad) once per request line."""
    print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
    for _ in sys.stdin:
        t = time.perf_counter()
        with torch.no_grad():
            run()
        print(json.dumps({"ms": (time.perf_counter() - t) * 1000}), flush=True)
