#!/usr/bin/python3
"""Export small PyTorch models to ONNX and record PyTorch's outputs.

Run with Debian's python3 (apt-get install python3-torch python3-onnx):

    /usr/bin/python3 scripts/gen_torch.py

Each case builds a tiny module with a fixed seed, exports it with
torch.onnx.export at one opset (the case name ends in it) and writes, in the
layout of ONNX's backend node tests,
format/onnx/testdata/torch/<case>/model.onnx and test_data_set_<i>/
{input,output}_<j>.pb holding the inputs and what PyTorch computed from them.
Cases with a dynamic batch axis get a second data set with another batch
size. format/onnx's TestTorchModels runs them all. The models live in
scripts/torch_cases/, one module per family; the folder they produce stays a
few hundred kilobytes.

A case is (name, module factory, input makers, options). An input maker
takes the batch size and returns a tensor. Options: batch_axes (input or
output name -> its batch axis, default 0 for all; None for a fixed batch),
seq_axes (name -> an axis whose length, SEQ[batch], changes with the batch:
a sequence or an image side), export (keyword arguments of
torch.onnx.export).
"""
import os
import shutil

import onnx
import torch
from onnx import numpy_helper
from torch import nn

from torch_cases import mlp, recurrent, tensor_ops, transformer, vision
from torch_cases.inputs import BATCHES

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "format", "onnx", "testdata", "torch")
FAMILIES = (mlp, vision, recurrent, transformer, tensor_ops)


def randomize_norm_stats(module):
    """Give batch norms non-trivial running statistics and affine terms, as
    a trained model has."""
    for m in module.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
        if isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.LayerNorm, nn.InstanceNorm2d)):
            if getattr(m, "weight", None) is not None:
                nn.init.uniform_(m.weight, 0.5, 1.5)
                nn.init.uniform_(m.bias, -0.5, 0.5)
    return module


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    return [out]


def shorten_names(model):
    """Drop what makes exported files large without changing the
    computation: the Python stack trace in every node's doc_string, node
    names, and intermediate value names spelling out the module path.
    Functions are sorted: the exporter lists them in set order, which
    changes from run to run."""
    functions = sorted(model.functions, key=lambda f: (f.domain, f.name))
    del model.functions[:]
    model.functions.extend(functions)
    for f in model.functions:
        for node in f.node:
            node.doc_string = ""
    graph = model.graph
    keep = {v.name for v in graph.output}
    names = {}
    for node in graph.node:
        for i, out in enumerate(node.output):
            if out and out not in keep:
                names[out] = node.output[i] = f"t{len(names)}"
    rename_inputs(graph, names)


def rename_inputs(graph, names):
    """Apply the renaming to every node's inputs, subgraphs included (they
    may read outer values)."""
    for node in graph.node:
        node.doc_string = ""
        node.name = ""
        for i, inp in enumerate(node.input):
            node.input[i] = names.get(inp, inp)
        for attr in node.attribute:
            if attr.HasField("g"):
                rename_inputs(attr.g, names)
            for g in attr.graphs:
                rename_inputs(g, names)
    for out in graph.output:
        out.name = names.get(out.name, out.name)


def export(name, factory, makers, opts):
    opset = int(name.rsplit("_op", 1)[1])
    torch.manual_seed(0)
    module = randomize_norm_stats(factory()).eval()
    batches = {b: [make(b) for make in makers] for b in BATCHES}
    inputs = batches[BATCHES[0]]
    with torch.no_grad():
        outputs = {b: flatten(module(*x)) for b, x in batches.items()}
    in_names = [f"x{i}" for i in range(len(inputs))]
    out_names = [f"y{i}" for i in range(len(outputs[BATCHES[0]]))]
    axes = opts.get("batch_axes", {n: 0 for n in in_names + out_names})
    dynamic = None if axes is None else {n: {a: "batch"} for n, a in axes.items()}
    for n, a in opts.get("seq_axes", {}).items():
        dynamic.setdefault(n, {})[a] = "seq"
    folder = os.path.join(ROOT, name)
    os.makedirs(folder)
    path = os.path.join(folder, "model.onnx")
    torch.onnx.export(module, tuple(inputs), path, opset_version=opset, input_names=in_names,
                      output_names=out_names, dynamic_axes=dynamic, **opts.get("export", {}))
    model = onnx.load(path)
    shorten_names(model)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    sets = BATCHES if dynamic else BATCHES[:1]
    for k, b in enumerate(sets):
        data = os.path.join(folder, f"test_data_set_{k}")
        os.makedirs(data)
        for kind, values in (("input", batches[b]), ("output", outputs[b])):
            for i, v in enumerate(values):
                with open(os.path.join(data, f"{kind}_{i}.pb"), "wb") as f:
                    f.write(numpy_helper.from_array(v.numpy()).SerializeToString())


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    names = set()
    for family in FAMILIES:
        for name, factory, makers, opts in family.CASES:
            assert name not in names, f"duplicate case {name}"
            names.add(name)
            export(name, factory, makers, opts)


if __name__ == "__main__":
    main()
