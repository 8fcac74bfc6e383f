#!/usr/bin/python3
"""Records PyTorch's answers for the ONNX Conv, ConvTranspose, MatMul and Gemm
kernels into format/onnx/ops/testdata/gemm_ops.json: one case per geometry
the kernels treat differently (im2col, 1×1 straight to GEMM, depthwise,
grouped, strided, dilated, asymmetric padding, 1-D and 3-D, batched and
broadcast matrix products, transposes).

Run with Debian's python3 (torch 1.13):
    /usr/bin/python3 scripts/gen_gemm_ops.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(11)
cases = []


def tensor(t):
    # 9 significant digits round-trip float32; float64 needs 17.
    digits = 9 if t.dtype == torch.float32 else 17
    return {"dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape),
            "data": [float(f"{float(v):.{digits}g}") for v in t.flatten()]}


def add(name, op, attrs, inputs, output):
    cases.append({"name": name, "op": op, "attrs": attrs,
                  "inputs": [tensor(t) for t in inputs], "output": tensor(output)})


def conv(name, x, w, bias=True, stride=None, dilation=None, pads=None, group=1):
    """pads are ONNX's [begin…, end…]; PyTorch pads F.pad's way, last axis first."""
    k = x.dim() - 2
    stride, dilation, pads = stride or [1] * k, dilation or [1] * k, pads or [0] * (2 * k)
    b = torch.randn(w.shape[0], dtype=x.dtype) if bias else None
    torch_pads = []
    for i in reversed(range(k)):
        torch_pads += [pads[i], pads[k + i]]
    conv_fn = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[k]
    y = conv_fn(F.pad(x, torch_pads), w, b, stride=stride, dilation=dilation, groups=group)
    attrs = {"strides": {"ints": stride}, "dilations": {"ints": dilation},
             "pads": {"ints": pads}, "group": {"i": group}}
    add(name, "Conv", attrs, [x, w] + ([b] if bias else []), y)


r = torch.randn
conv("3x3 pad 1", r(2, 3, 7, 6), r(4, 3, 3, 3), pads=[1, 1, 1, 1])
conv("stride 2 asymmetric pads", r(1, 3, 8, 7), r(5, 3, 3, 2), stride=[2, 2], pads=[0, 1, 1, 0])
conv("dilated same", r(1, 2, 8, 7), r(3, 2, 3, 3), dilation=[2, 2], pads=[2, 2, 2, 2])
conv("asymmetric same", r(1, 3, 6, 5), r(2, 3, 3, 3), pads=[0, 2, 2, 0])
conv("dilated", r(1, 2, 9, 9), r(3, 2, 3, 3), bias=False, stride=[1, 2], dilation=[2, 2], pads=[2, 2, 2, 2])
conv("depthwise stride 2", r(1, 4, 7, 7), r(4, 1, 3, 3), stride=[2, 2], pads=[1, 1, 1, 1], group=4)
conv("depthwise wide rows", r(1, 3, 6, 12), r(3, 1, 3, 3), pads=[1, 1, 1, 1], group=3)
conv("depthwise 5x5", r(1, 2, 7, 13), r(2, 1, 5, 5), pads=[2, 2, 2, 2], group=2)
conv("depthwise dilated", r(2, 3, 6, 5), r(3, 1, 2, 2), dilation=[2, 2], group=3)
conv("depthwise pad wider than input", r(1, 2, 1, 2), r(2, 1, 5, 5), pads=[2, 2, 2, 2], group=2)
conv("channel multiplier 2", r(1, 3, 5, 6), r(6, 1, 3, 3), pads=[1, 1, 1, 1], group=3)
conv("grouped", r(1, 4, 5, 5), r(6, 2, 3, 3), group=2)
conv("pointwise", r(2, 8, 5, 4), r(5, 8, 1, 1))
conv("pointwise grouped", r(1, 6, 3, 3), r(4, 3, 1, 1), group=2)
conv("1x1 stride 2", r(1, 3, 6, 6), r(2, 3, 1, 1), stride=[2, 2])
conv("1-D", r(2, 3, 10), r(4, 3, 3), stride=[2], dilation=[2], pads=[1, 1])
conv("1-D kernel wider than input", r(1, 4, 1), r(4, 4, 5), pads=[2, 2])
conv("3-D", r(1, 2, 4, 5, 3), r(3, 2, 2, 3, 2), pads=[1, 1, 1, 1, 1, 1])
conv("3x3 float64", r(1, 3, 6, 6, dtype=torch.float64), r(4, 3, 3, 3, dtype=torch.float64), pads=[1, 1, 1, 1])
conv("depthwise float64", r(1, 3, 5, 5, dtype=torch.float64), r(3, 1, 3, 3, dtype=torch.float64), pads=[1, 1, 1, 1], group=3)
# Many channels and positions: the column matrix is built in blocks when
# the test lowers colBlock.
conv("wide", r(1, 8, 10, 10), r(4, 8, 3, 3), pads=[1, 1, 1, 1])

x, w, b = r(1, 4, 3, 3), r(4, 3, 3, 3), r(6)
add("transpose stride 2 grouped", "ConvTranspose",
    {"strides": {"ints": [2, 2]}, "pads": {"ints": [1, 1, 0, 0]}, "output_padding": {"ints": [1, 1]}, "group": {"i": 2}},
    [x, w, b], F.conv_transpose2d(x, w, b, stride=2, padding=0, output_padding=1, groups=2)[:, :, 1:, 1:])
x, w = r(2, 3, 4, dtype=torch.float64), r(3, 2, 3, dtype=torch.float64)
add("transpose 1-D float64", "ConvTranspose", {}, [x, w], F.conv_transpose1d(x, w))

for name, a, bm in [
    ("matmul 2-D", r(7, 13), r(13, 19)),
    ("matmul row", r(1, 13), r(13, 37)),
    ("matmul vector", r(6), r(6, 21)),
    ("matmul stacked by matrix", r(2, 3, 2, 9), r(9, 17)),
    ("matmul broadcast batch", r(2, 1, 4, 6), r(3, 6, 5)),
    ("matmul matrix by vector", r(4, 6), r(6)),
    ("matmul float64", r(13, 8, dtype=torch.float64), r(8, 29, dtype=torch.float64)),
]:
    add(name, "MatMul", {}, [a, bm], torch.matmul(a, bm))

for name, ta, tb, alpha, beta, (m, k, n), cshape in [
    ("gemm transB bias row", 0, 1, 1.0, 1.0, (1, 13, 30), (30,)),
    ("gemm transA alpha beta", 1, 0, 0.5, 2.0, (9, 10, 17), (9, 17)),
    ("gemm both transposed column bias", 1, 1, -1.5, 0.25, (6, 11, 35), (6, 1)),
]:
    a = r(k, m) if ta else r(m, k)
    bm = r(n, k) if tb else r(k, n)
    c = r(*cshape)
    y = alpha * ((a.T if ta else a) @ (bm.T if tb else bm)) + beta * c
    add(name, "Gemm", {"transA": {"i": ta}, "transB": {"i": tb}, "alpha": {"f": alpha}, "beta": {"f": beta}}, [a, bm, c], y)

# Output rows of 16 and more take the depthwise kernel's row sums (the
# narrower depthwise cases above its padded-plane loops); last, so that
# the cases above keep their data.
conv("depthwise rows of 20", r(1, 2, 4, 20), r(2, 1, 3, 3), pads=[1, 1, 1, 1], group=2)
conv("depthwise stride 2 rows of 16", r(1, 3, 6, 33), r(3, 1, 3, 3), stride=[2, 2], pads=[1, 1, 1, 1], group=3)
conv("depthwise stride past the padding", r(1, 2, 3, 2), r(2, 1, 3, 3), stride=[20, 20], pads=[10, 10, 0, 0], group=2)

path = os.path.join(os.path.dirname(__file__), "..", "format", "onnx", "ops", "testdata", "gemm_ops.json")
with open(path, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")
