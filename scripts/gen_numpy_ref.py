#!/usr/bin/python3
"""Records numpy's answers for the tensor codec tests into
tensor/testdata/numpy_ref.json.

Run with Debian's python3 (numpy 1.24):
    /usr/bin/python3 scripts/gen_numpy_ref.py
"""
import json
import os
import struct

import numpy as np

rng = np.random.default_rng(7)


def f32_bits(values):
    return [int(b) for b in np.asarray(values, dtype=np.float32).view(np.uint32)]


# float32 -> float16 rounding (numpy rounds to nearest even).
edge = [0.0, -0.0, 1.0, -2.5, 0.1, 1 / 3, 65504.0, 65519.0, 65520.0, 1e6,
        2.0**-14, 2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 2.0**-26, 3 * 2.0**-25,
        1 + 2.0**-11, 1 + 3 * 2.0**-11, 1 + 2.0**-10 + 2.0**-11,
        float("inf"), float("-inf"), 1e-45]
halves = np.concatenate([np.array(edge, dtype=np.float32),
                         rng.standard_normal(40).astype(np.float32) * 100,
                         (rng.standard_normal(20) * 1e-5).astype(np.float32)])
with np.errstate(over="ignore"):  # 65520 and 1e6 overflow to inf on purpose
    fp16 = {"float32_bits": f32_bits(halves),
            "float16_bits": [int(b) for b in halves.astype(np.float16).view(np.uint16)]}

# Shortest round-trip text of float32 and float64 values.
f32 = np.concatenate([np.array([0.1, 1 / 3, 3.4028235e38, 1e-45, 16777217, 1e-7, 123456.789],
                               dtype=np.float32),
                      (rng.standard_normal(20) * 10.0 ** rng.integers(-10, 10, 20)).astype(np.float32)])
f64 = np.concatenate([np.array([0.1, 1 / 3, 1.7976931348623157e308, 5e-324, 2.0**53 + 2, 1e21, 1e-7]),
                      rng.standard_normal(20) * 10.0 ** rng.integers(-100, 100, 20)])
shortest = {"float32_bits": f32_bits(f32),
            "float32_text": [np.format_float_scientific(x, unique=True) for x in f32],
            "float64": [float(x) for x in f64],
            "float64_text": [repr(float(x)) for x in f64]}

# V2 binary layout: numpy's little-endian bytes of a small array per dtype.
binary = []
for name, dt, values in [
        ("BOOL", "?", [True, False, True]),
        ("INT8", "<i1", [-128, 0, 127]),
        ("INT16", "<i2", [-32768, 1, 32767]),
        ("INT32", "<i4", [-2**31, -1, 2**31 - 1]),
        ("INT64", "<i8", [-2**63, 42, 2**63 - 1]),
        ("UINT8", "<u1", [0, 1, 255]),
        ("UINT16", "<u2", [0, 258, 65535]),
        ("UINT32", "<u4", [0, 16909060, 2**32 - 1]),
        ("UINT64", "<u8", [0, 72623859790382856, 2**64 - 1]),
        ("FP16", "<f2", [0.5, -2.0, 65504.0]),
        ("FP32", "<f4", [0.1, -1.5, 3.4028235e38]),
        ("FP64", "<f8", [0.1, -1.5, 1e300])]:
    a = np.array(values, dtype=dt)
    binary.append({"datatype": name, "shape": [3],
                   "json": json.dumps(a.tolist() if name != "FP16" else [float(x) for x in a]),
                   "hex": a.tobytes().hex()})
strs = [b"", b"ab", "é".encode()]
binary.append({"datatype": "BYTES", "shape": [3], "json": json.dumps([s.decode() for s in strs]),
               "hex": b"".join(struct.pack("<I", len(s)) + s for s in strs).hex()})

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tensor", "testdata", "numpy_ref.json")
with open(OUT, "w") as f:
    json.dump({"numpy_version": np.__version__, "fp16": fp16, "shortest": shortest,
               "binary": binary}, f)
