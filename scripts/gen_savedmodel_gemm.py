#!/usr/bin/python3
"""Record PyTorch's results for the SavedModel matrix product and
convolution kernels (format/savedmodel/gemm_test.go).

Run with Debian's python3 (python3-torch, python3-numpy):

    /usr/bin/python3 scripts/gen_savedmodel_gemm.py

Writes format/savedmodel/testdata/gemm/cases.json: for each case the
TensorFlow op, its attributes, its inputs and the output PyTorch computes
in float64. Inputs are multiples of 1/8 in [-1, 1], so every product and
sum is exact in float32 and the reference does not depend on summation
order. TensorFlow's layouts and padding are spelled out here: channels
last, filters [k..., in/groups, out], SAME padding with the odd pixel
after.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "format", "savedmodel", "testdata", "gemm", "cases.json")

rng = np.random.default_rng(7)


def rand(*shape):
    return rng.integers(-8, 9, size=shape).astype(np.float64) / 8


def enc(a, dtype="FP32"):
    a = np.asarray(a)
    return {"dtype": dtype, "shape": list(a.shape), "data": a.reshape(-1).tolist()}


def pads(size, k, s, d, padding, explicit):
    """Leading and trailing padding of one spatial dimension."""
    if padding == "VALID":
        return 0, 0
    if padding == "EXPLICIT":
        return explicit
    eff = (k - 1) * d + 1
    out = -(-size // s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def conv(x, f, strides, padding, dilations=None, explicit=None):
    """TensorFlow's channels-last convolution of x with filter f
    [k..., in/groups, out] as a torch tensor; strides and dilations per
    spatial dimension, explicit a (before, after) pair per spatial one."""
    nd = x.dim() - 2
    dilations = dilations or [1] * nd
    xt = x.permute(0, nd + 1, *range(1, nd + 1))
    w = f.permute(nd + 1, nd, *range(nd))
    p = []
    for i in reversed(range(nd)):
        p += pads(x.shape[1 + i], f.shape[i], strides[i], dilations[i], padding, explicit and explicit[i])
    xt = F.pad(xt, p)
    fn = F.conv2d if nd == 2 else F.conv3d
    y = fn(xt, w, stride=strides, dilation=dilations, groups=x.shape[-1] // f.shape[-2])
    return y.permute(0, *range(2, nd + 2), 1)


def full(v, nd):
    """A per-spatial-dimension attribute in NHWC/NDHWC order."""
    return [1] + list(v) + [1]


cases = []


def conv_case(name, xs, fs, strides, padding, op="Conv2D", dilations=None, explicit=None, dtype="FP32"):
    x, f = rand(*xs), rand(*fs)
    nd = len(xs) - 2
    tf_filter = f
    if op == "DepthwiseConv2dNative":
        f = f.reshape(*fs[:-2], 1, fs[-2] * fs[-1])  # one input channel per group
    y = conv(torch.tensor(x), torch.tensor(f), strides, padding, dilations, explicit)
    attrs = {"strides": full(strides, nd), "padding": padding}
    if dilations:
        attrs["dilations"] = full(dilations, nd)
    if explicit:
        attrs["explicit_paddings"] = [0, 0] + [p for pair in explicit for p in pair] + [0, 0]
    cases.append({"name": name, "op": op, "attrs": attrs,
                  "inputs": [enc(x, dtype), enc(tf_filter, dtype)], "want": enc(y.numpy(), dtype)})


def backprop_case(name, sizes, fs, strides, padding, op="Conv2DBackpropInput"):
    f = rand(*fs)
    x = torch.zeros(sizes, dtype=torch.float64, requires_grad=True)
    y = conv(x, torch.tensor(f), strides, padding)
    dy = rand(*y.shape)
    y.backward(torch.tensor(dy))
    nd = len(sizes) - 2
    cases.append({"name": name, "op": op, "attrs": {"strides": full(strides, nd), "padding": padding},
                  "inputs": [enc(np.array(sizes, dtype=np.int32), "INT32"), enc(f), enc(dy)],
                  "want": enc(x.grad.numpy())})


def matmul_case(name, op, a_shape, b_shape, ta=False, tb=False, dtype="FP32"):
    a, b = rand(*a_shape), rand(*b_shape)
    at, bt = torch.tensor(a), torch.tensor(b)
    if ta:
        at = at.transpose(-1, -2)
    if tb:
        bt = bt.transpose(-1, -2)
    names = ("transpose_a", "transpose_b") if op == "MatMul" else ("adj_x", "adj_y")
    cases.append({"name": name, "op": op, "attrs": {names[0]: ta, names[1]: tb},
                  "inputs": [enc(a, dtype), enc(b, dtype)], "want": enc(torch.matmul(at, bt).numpy(), dtype)})


conv_case("conv2d_same_batch", [2, 7, 6, 5], [3, 3, 5, 4], [1, 1], "SAME")
conv_case("conv2d_groups_stride", [1, 7, 6, 6], [3, 3, 2, 6], [2, 2], "VALID")
conv_case("conv2d_dilated", [1, 9, 8, 3], [3, 2, 3, 5], [1, 1], "SAME", dilations=[2, 3])
conv_case("conv2d_explicit", [1, 5, 7, 3], [2, 3, 3, 4], [1, 2], "EXPLICIT", explicit=[(1, 2), (2, 0)])
conv_case("conv2d_1x1", [2, 4, 5, 8], [1, 1, 8, 3], [1, 1], "SAME")
conv_case("conv2d_1x1_stride", [1, 5, 5, 4], [1, 1, 4, 6], [2, 2], "VALID")
conv_case("conv2d_kernel_over_input", [1, 2, 3, 2], [5, 4, 2, 3], [1, 1], "SAME")
conv_case("conv2d_float64", [1, 6, 5, 3], [3, 3, 3, 2], [2, 1], "SAME", dtype="FP64")
conv_case("conv3d", [1, 4, 5, 6, 3], [2, 3, 2, 3, 4], [1, 2, 1], "SAME", op="Conv3D")
conv_case("depthwise", [1, 6, 7, 4], [3, 3, 4, 1], [2, 2], "SAME", op="DepthwiseConv2dNative")
conv_case("depthwise_multiplier", [2, 5, 5, 2], [3, 3, 2, 3], [1, 1], "VALID", op="DepthwiseConv2dNative",
          dilations=[2, 1])
backprop_case("conv2d_transpose_same", [2, 7, 8, 3], [3, 3, 3, 4], [2, 2], "SAME")
backprop_case("conv2d_transpose_valid", [1, 5, 4, 2], [2, 2, 2, 3], [1, 1], "VALID")
backprop_case("conv3d_transpose", [1, 3, 4, 5, 2], [2, 2, 3, 2, 3], [1, 2, 2], "SAME", op="Conv3DBackpropInputV2")
matmul_case("matmul", "MatMul", [3, 5], [5, 4])
matmul_case("matmul_transpose_a", "MatMul", [5, 3], [5, 4], ta=True)
matmul_case("matmul_transpose_b", "MatMul", [3, 5], [4, 5], tb=True)
matmul_case("matmul_transpose_both", "MatMul", [5, 3], [4, 5], ta=True, tb=True)
matmul_case("matmul_row", "MatMul", [1, 70], [70, 33])
matmul_case("matmul_blocks", "MatMul", [19, 130], [130, 21])
matmul_case("matmul_float64", "MatMul", [4, 6], [6, 3], dtype="FP64")
matmul_case("batch_broadcast", "BatchMatMulV2", [2, 1, 3, 4], [3, 4, 5])
matmul_case("batch_adjoint", "BatchMatMulV3", [2, 4, 3], [2, 5, 4], ta=True, tb=True)
matmul_case("batch_by_matrix", "BatchMatMulV2", [2, 3, 4], [4, 5])
matmul_case("batch_by_matrix_adjoint", "BatchMatMulV2", [2, 3, 4], [5, 4], tb=True)
matmul_case("batch_adjoint_by_matrix", "BatchMatMulV2", [2, 4, 3], [4, 5], ta=True)
matmul_case("batch_empty", "BatchMatMulV2", [0, 3, 4], [4, 5])

with open(OUT, "w") as fh:
    json.dump(cases, fh, separators=(",", ":"))
    fh.write("\n")
