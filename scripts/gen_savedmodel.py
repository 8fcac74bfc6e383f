#!/usr/bin/python3
"""Generate small SavedModels laid out as TF2/Keras exports them, with
reference outputs computed by PyTorch on the same weights.

Run with Debian's python3 (python3-torch, python3-numpy, python3-protobuf,
protobuf-compiler):

    /usr/bin/python3 scripts/gen_savedmodel.py

TensorFlow cannot be installed here, so this script writes what
tf.saved_model.save writes for a Keras model: saved_model.pb holding one
MetaGraphDef tagged "serve" whose serving_default signature feeds a
Placeholder into a StatefulPartitionedCall of a function library, variables
as VarHandleOps restored by a __inference__traced_restore function
(RestoreV2 + AssignVariableOp), and the TensorBundle checkpoint
variables/variables.index (a LevelDB table of BundleEntryProto) plus
variables/variables.data-00000-of-00001. The protobuf classes come from the
project's own format/savedmodel/tfpb/tf.proto, compiled with protoc into a
temporary directory.

Each model becomes format/savedmodel/testdata/keraslike/<name>/ with
expected.json: the inputs and the outputs PyTorch computes (in float64,
rounded to float32) for the layers the graph spells out in TensorFlow ops.
Where TensorFlow's semantics differ from PyTorch's defaults (NHWC layout,
SAME padding that puts the odd pixel after, half-pixel resizing), the
reference is written to follow TensorFlow's documented behaviour; each
place says so.
"""
import atexit
import base64
import importlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO = os.path.join(HERE, "..", "format", "savedmodel", "tfpb", "tf.proto")
OUT = os.path.join(HERE, "..", "format", "savedmodel", "testdata", "keraslike")


def load_tfpb():
    """Compiles tf.proto to Python in a temporary directory."""
    tmp = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    subprocess.run(["protoc", "-I", os.path.dirname(PROTO), "--python_out", tmp, PROTO], check=True)
    sys.path.insert(0, tmp)
    return importlib.import_module("tf_pb2")


pb = load_tfpb()

DTYPES = {np.dtype("float32"): pb.DT_FLOAT, np.dtype("int32"): pb.DT_INT32,
          np.dtype("int64"): pb.DT_INT64, np.dtype("bool"): pb.DT_BOOL, np.dtype("O"): pb.DT_STRING}
F32, I32, RES, STR = pb.DT_FLOAT, pb.DT_INT32, pb.DT_RESOURCE, pb.DT_STRING


# --- TensorBundle: crc32c, the LevelDB table, the data shard -------------

def _crc_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = _crc_table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def mask(crc):
    """LevelDB's crc masking."""
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def block(entries, restart_interval=16):
    """A LevelDB block: prefix-compressed sorted entries and restarts."""
    out, restarts, last = bytearray(), [], b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % restart_interval == 0:
            restarts.append(len(out))
        else:
            while shared < min(len(key), len(last)) and key[shared] == last[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value))
        out += key[shared:] + value
        last = key
    restarts = restarts or [0]
    for r in restarts:
        out += struct.pack("<I", r)
    out += struct.pack("<I", len(restarts))
    return bytes(out)


def write_table(path, entries):
    """Writes sorted (key, value) byte pairs as a LevelDB table: one data
    block, an empty metaindex block, an index block and the footer."""
    data = bytearray()

    def put(contents):
        handle = varint(len(data)) + varint(len(contents))
        data.extend(contents + b"\0" + struct.pack("<I", mask(crc32c(b"\0", crc32c(contents)))))
        return handle

    data_handle = put(block(entries))
    meta_handle = put(block([]))
    index_handle = put(block([(entries[-1][0], data_handle)]))
    footer = (meta_handle + index_handle).ljust(40, b"\0") + struct.pack("<Q", 0xDB4775248B80FB57)
    with open(path, "wb") as f:
        f.write(bytes(data) + footer)


def string_tensor_bytes(values):
    """A string tensor as TensorBundle stores it: varint lengths, a masked
    crc32c of the lengths (as uint64s), then the bytes."""
    lens = b"".join(varint(len(v)) for v in values)
    crc = 0
    for v in values:
        crc = crc32c(struct.pack("<Q", len(v)), crc)
    return lens + struct.pack("<I", mask(crc)) + b"".join(values)


def write_bundle(prefix, tensors):
    """Writes name -> array (or list of bytes, for strings) as a
    single-shard TensorBundle."""
    entries, shard = [], bytearray()
    for name in sorted(tensors):
        value = tensors[name]
        e = pb.BundleEntryProto(shard_id=0, offset=len(shard))
        if isinstance(value, list):
            raw = string_tensor_bytes(value)
            e.dtype = STR
        else:
            raw = np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<")).tobytes()
            e.dtype = DTYPES[value.dtype]
            for d in value.shape:
                e.shape.dim.add(size=d)
        e.size, e.crc32c = len(raw), mask(crc32c(raw))
        shard += raw
        entries.append((name.encode(), e.SerializeToString()))
    header = pb.BundleHeaderProto(num_shards=1, endianness=pb.BundleHeaderProto.LITTLE)
    header.version.producer = 1
    write_table(prefix + ".index", [(b"", header.SerializeToString())] + entries)
    with open(prefix + ".data-00000-of-00001", "wb") as f:
        f.write(bytes(shard))


# --- Graphs and functions --------------------------------------------------

# TensorFlow's output argument names: function bodies refer to
# "node:<arg>:<index>".
OUT_ARGS = {
    "AddV2": "z", "Mul": "z", "Sub": "z", "RealDiv": "z", "Cast": "y", "Erf": "y", "Sigmoid": "y",
    "MatMul": "product", "Relu": "activations", "Relu6": "activations", "LeakyRelu": "activations",
    "Softmax": "softmax", "ReadVariableOp": "value", "FusedBatchNormV3": "y", "Transpose": "y",
    "ResizeNearestNeighbor": "resized_images", "ResizeBilinear": "resized_images",
    "MatrixBandPart": "band", "RestoreV2": "tensors", "Tanh": "y", "Less": "z", "LogicalAnd": "z",
    "TensorListFromTensor": "output_handle", "TensorListReserve": "handle", "TensorListGetItem": "item",
    "TensorListSetItem": "output_handle", "TensorListStack": "tensor",
    "LookupTableFindV2": "values", "RaggedTensorToTensor": "result",
}


class Shape:
    def __init__(self, dims):
        self.dims = dims


class Type:
    def __init__(self, dt):
        self.dt = dt


class Func:
    def __init__(self, name):
        self.name = name


def attr(v):
    a = pb.AttrValue()
    if isinstance(v, bool):
        a.b = v
    elif isinstance(v, int):
        a.i = v
    elif isinstance(v, float):
        a.f = v
    elif isinstance(v, str):
        a.s = v.encode()
    elif isinstance(v, Type):
        a.type = v.dt
    elif isinstance(v, Shape):
        for d in v.dims:
            a.shape.dim.add(size=d)
    elif isinstance(v, Func):
        a.func.name = v.name
    elif isinstance(v, (np.ndarray, bytes)) or isinstance(v, list) and v and isinstance(v[0], bytes):
        a.tensor.CopyFrom(tensor_proto(v))
    elif isinstance(v, list) and all(isinstance(x, Type) for x in v):
        a.list.type.extend(x.dt for x in v)
    elif isinstance(v, list) and v and all(isinstance(x, str) for x in v):
        a.list.s.extend(x.encode() for x in v)
    elif isinstance(v, list) and all(isinstance(x, float) for x in v):
        a.list.f.extend(v)
    elif isinstance(v, list):
        a.list.i.extend(v)
    else:
        raise TypeError(v)
    return a


def tensor_proto(v):
    t = pb.TensorProto()
    if isinstance(v, bytes):  # a string scalar
        t.dtype = STR
        t.tensor_shape.SetInParent()
        t.string_val.append(v)
        return t
    if isinstance(v, list):  # strings
        t.dtype = STR
        t.tensor_shape.dim.add(size=len(v))
        t.string_val.extend(v)
        return t
    t.dtype = DTYPES[v.dtype]
    for d in v.shape:
        t.tensor_shape.dim.add(size=d)
    t.tensor_content = np.ascontiguousarray(v).astype(v.dtype.newbyteorder("<")).tobytes()
    return t


class Graph:
    """Nodes of a GraphDef (fn=None) or of a FunctionDef body."""

    def __init__(self, fn=None):
        self.fn = fn
        self.nodes, self.names = [], {}

    def node(self, op, *inputs, name=None, control=(), **attrs):
        name = name or op
        if name in self.names:
            self.names[name] += 1
            name = "%s_%d" % (name, self.names[name])
        else:
            self.names[name] = 0
        n = pb.NodeDef(name=name, op=op, input=list(inputs) + ["^" + c for c in control])
        for k, v in attrs.items():
            n.attr[k].CopyFrom(attr(v))
        self.nodes.append(n)
        return name

    def op(self, op, *inputs, out=0, **attrs):
        """Adds a node and returns a reference to its output out."""
        name = self.node(op, *inputs, **attrs)
        return self.ref(name, op, out)

    def ref(self, name, op, out=0):
        if self.fn is None:
            return name if out == 0 else "%s:%d" % (name, out)
        return "%s:%s:%d" % (name, OUT_ARGS.get(op, "output"), out)

    def const(self, v, name="Const"):
        if isinstance(v, (list, bytes)):  # strings
            return self.op("Const", name=name, value=v, dtype=Type(STR))
        v = np.asarray(v)
        return self.op("Const", name=name, value=v, dtype=Type(DTYPES[v.dtype]))


class Function(Graph):
    def __init__(self, name, args, outputs):
        super().__init__(fn=name)
        self.args, self.outputs, self.rets, self.control_rets = args, outputs, {}, []

    def proto(self):
        f = pb.FunctionDef()
        f.signature.name = self.fn
        for a, dt in self.args:
            f.signature.input_arg.add(name=a, type=dt)
        for o, dt in self.outputs:
            f.signature.output_arg.add(name=o, type=dt)
        f.node_def.extend(self.nodes)
        for k, v in self.rets.items():
            f.ret[k] = v
        for n in self.control_rets:
            f.control_ret[n] = n
        return f


class Layers(Function):
    """The model function: builds Keras layers from ops on its arguments.
    Functions it calls (loop bodies) go to library."""

    def __init__(self, *args):
        super().__init__(*args)
        self.library = []

    def read(self, var):
        return self.op("ReadVariableOp", resource(var), dtype=Type(F32))

    def dense(self, x, w, b, act=None):
        y = self.op("MatMul", x, self.read(w), T=Type(F32))
        y = self.op("BiasAdd", y, self.read(b), T=Type(F32))
        return self.op(act, y, T=Type(F32)) if act else y

    def conv(self, x, w, b, strides=1, padding="SAME", op="Conv2D", dilations=1):
        y = self.op(op, x, self.read(w), T=Type(F32), strides=[1, strides, strides, 1], padding=padding,
                    dilations=[1, dilations, dilations, 1], data_format="NHWC")
        return self.op("BiasAdd", y, self.read(b), T=Type(F32), data_format="NHWC") if b else y


class Model:
    """A Keras-like SavedModel: one input, one output, named variables and
    string-to-int64 lookup tables (name -> (keys, values)), which the
    init op fills as TF2 does Keras's StringLookup vocabulary."""

    def __init__(self, name, inp, out, weights, tables=None):
        self.name, self.inp, self.out, self.weights = name, inp, out, weights
        self.tables = tables or {}

    def save(self, build, x, y):
        d = os.path.join(OUT, self.name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "variables"))
        var_names = list(self.weights)
        captures = var_names + list(self.tables)  # resources the functions take
        in_name, in_dtype, in_shape = self.inp
        body = Layers("__inference__wrapped_model_101", [("inputs", in_dtype)] + [(resource(v), RES) for v in captures],
                      [("identity", F32)])
        result = build(body)
        body.rets["identity"] = body.op("Identity", result, T=Type(F32))

        wrapper = Function("__inference_signature_wrapper_202", [(in_name, in_dtype)] + [("unknown_%d" % i, RES) for i in range(len(captures))],
                           [("identity", F32)])
        call = wrapper.node("StatefulPartitionedCall", in_name, *["unknown_%d" % i for i in range(len(captures))],
                            f=Func(body.fn), Tin=[Type(in_dtype)] + [Type(RES)] * len(captures), Tout=[Type(F32)])
        noop = wrapper.node("NoOp", control=[call])
        wrapper.rets["identity"] = wrapper.op("Identity", call + ":output:0", control=[noop], T=Type(F32))

        restore = restore_function(var_names)

        g = Graph()
        for v in var_names:
            w = self.weights[v]
            g.node("VarHandleOp", name=v, dtype=Type(F32), shape=Shape(list(w.shape)), shared_name=v)
        imports = []
        for name, (keys, values) in self.tables.items():
            h = g.node("HashTableV2", name=name, key_dtype=Type(STR), value_dtype=Type(pb.DT_INT64), shared_name=name)
            imports.append(g.node("LookupTableImportV2", h, g.const(keys, name=name + "/keys"), g.const(values, name=name + "/values"),
                                  Tin=Type(STR), Tout=Type(pb.DT_INT64)))
        ph = g.node("Placeholder", name="serving_default_" + in_name, dtype=Type(in_dtype), shape=Shape(in_shape))
        call = g.node("StatefulPartitionedCall", ph, *captures, f=Func(wrapper.fn),
                      Tin=[Type(in_dtype)] + [Type(RES)] * len(captures), Tout=[Type(F32)])
        g.node("NoOp", name="NoOp", control=imports)
        fname = g.node("Placeholder", name="saver_filename", dtype=Type(STR), shape=Shape([]))
        g.node("StatefulPartitionedCall", fname, *var_names, name="StatefulPartitionedCall_2", f=Func(restore.fn),
               Tin=[Type(STR)] + [Type(RES)] * len(var_names), Tout=[Type(STR)])

        mg = pb.MetaGraphDef()
        mg.meta_info_def.tags.append("serve")
        mg.meta_info_def.tensorflow_version = "2.11.0"
        mg.graph_def.node.extend(g.nodes)
        mg.graph_def.versions.producer = 1286
        mg.graph_def.library.function.extend([f.proto() for f in [body, wrapper, restore] + body.library])
        mg.saver_def.filename_tensor_name = "saver_filename:0"
        mg.saver_def.restore_op_name = "StatefulPartitionedCall_2"
        mg.saver_def.version = pb.SaverDef.V2
        sig = mg.signature_def["serving_default"]
        sig.method_name = "tensorflow/serving/predict"
        sig.inputs[in_name].name = ph + ":0"
        sig.inputs[in_name].dtype = in_dtype
        for dim in in_shape:
            sig.inputs[in_name].tensor_shape.dim.add(size=dim)
        sig.outputs[self.out].name = call + ":0"
        sig.outputs[self.out].dtype = F32
        init = mg.signature_def["__saved_model_init_op"]
        init.outputs["__saved_model_init_op"].name = "NoOp"
        sm = pb.SavedModel(saved_model_schema_version=1)
        sm.meta_graphs.append(mg)
        with open(os.path.join(d, "saved_model.pb"), "wb") as f:
            f.write(sm.SerializeToString(deterministic=True))

        ckpt = {checkpoint_key(i): self.weights[v] for i, v in enumerate(var_names)}
        ckpt["_CHECKPOINTABLE_OBJECT_GRAPH"] = [b""]
        write_bundle(os.path.join(d, "variables", "variables"), ckpt)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"inputs": {in_name: encode(x)}, "outputs": {self.out: encode(y)}}, f)
            f.write("\n")


def resource(var):
    """The model function's argument holding a variable's handle."""
    return var.replace("/", "_") + "_resource"


def checkpoint_key(i):
    return "variables/%d/.ATTRIBUTES/VARIABLE_VALUE" % i


def restore_function(var_names):
    """__inference__traced_restore: RestoreV2 of every variable's key, then
    AssignVariableOp into the variable handles."""
    f = Function("__inference__traced_restore_303", [("file_prefix", STR)] + [("assignvariableop_%d" % i, RES) for i in range(len(var_names))],
                 [("identity_1", STR)])
    names = f.op("Const", name="RestoreV2/tensor_names", dtype=Type(STR),
                 value=[checkpoint_key(i).encode() for i in range(len(var_names))])
    slices = f.op("Const", name="RestoreV2/shape_and_slices", dtype=Type(STR), value=[b""] * len(var_names))
    rv = f.node("RestoreV2", "file_prefix", names, slices, dtypes=[Type(F32)] * len(var_names))
    assigns = []
    for i in range(len(var_names)):
        ident = f.op("Identity", f.ref(rv, "RestoreV2", i), T=Type(F32))
        assigns.append(f.node("AssignVariableOp", "assignvariableop_%d" % i, ident, dtype=Type(F32)))
    done = f.op("Identity", "file_prefix", control=assigns, T=Type(STR))
    f.rets["identity_1"] = done
    f.control_rets = assigns
    return f


def encode(a):
    """A tensor as JSON, its dtype named as the Open Inference Protocol does;
    bytes go base64-encoded."""
    if isinstance(a, bytes):
        return {"dtype": "BYTES", "shape": [], "b64": [base64.b64encode(a).decode()]}
    if isinstance(a, list):
        return {"dtype": "BYTES", "shape": [len(a)], "b64": [base64.b64encode(x).decode() for x in a]}
    a = np.asarray(a)
    return {"dtype": {"float32": "FP32", "int32": "INT32"}[str(a.dtype)], "shape": list(a.shape), "data": a.ravel().tolist()}


# --- The models and their PyTorch references --------------------------------

rng = np.random.RandomState(5)


def w(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def t(a):
    """A float64 torch tensor of a float32 array's values: references are
    computed in double precision and rounded once."""
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def f32(x):
    return x.detach().numpy().astype(np.float32)


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def oihw(k):
    """A TensorFlow [h, w, in, out] filter as PyTorch's [out, in, h, w]."""
    return t(k).permute(3, 2, 0, 1)


def same_pad(x, k, s):
    """TensorFlow's SAME padding of an NCHW tensor: out = ceil(in/s), the
    total padding split with the odd pixel after (PyTorch pads evenly)."""
    pads = []
    for size in (x.shape[3], x.shape[2]):
        out = -(-size // s)
        total = max((out - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


def dense_mlp():
    W = {"dense/kernel": w(5, 8), "dense/bias": w(8), "dense_1/kernel": w(8, 3), "dense_1/bias": w(3)}
    x = w(4, 5, scale=1)

    def build(b):
        h = b.dense("inputs", "dense/kernel", "dense/bias", "Relu")
        return b.op("Softmax", b.dense(h, "dense_1/kernel", "dense_1/bias"), T=Type(F32))

    h = F.relu(t(x) @ t(W["dense/kernel"]) + t(W["dense/bias"]))
    y = torch.softmax(h @ t(W["dense_1/kernel"]) + t(W["dense_1/bias"]), -1)
    Model("dense_mlp", ("x", F32, [-1, 5]), "dense_1", W).save(build, x, f32(y))


def cnn():
    W = {"conv2d/kernel": w(3, 3, 3, 4), "conv2d/bias": w(4),
         "batch_normalization/gamma": w(4) + 1, "batch_normalization/beta": w(4),
         "batch_normalization/moving_mean": w(4), "batch_normalization/moving_variance": np.abs(w(4)) + 0.5,
         "conv2d_1/kernel": w(3, 3, 4, 5), "conv2d_1/bias": w(5),
         "dense/kernel": w(5, 2), "dense/bias": w(2)}
    x = w(2, 8, 8, 3, scale=1)

    def build(b):
        h = b.conv("inputs", "conv2d/kernel", "conv2d/bias")
        h = b.op("FusedBatchNormV3", h, *[b.read("batch_normalization/" + v) for v in ("gamma", "beta", "moving_mean", "moving_variance")],
                 T=Type(F32), U=Type(F32), epsilon=0.001, is_training=False, data_format="NHWC", exponential_avg_factor=1.0)
        h = b.op("Relu", h, T=Type(F32))
        h = b.op("MaxPool", h, T=Type(F32), ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC")
        h = b.op("Relu6", b.conv(h, "conv2d_1/kernel", "conv2d_1/bias", strides=2), T=Type(F32))
        h = b.op("Mean", h, b.const(np.array([1, 2], np.int32)), T=Type(F32), keep_dims=False)
        return b.dense(h, "dense/kernel", "dense/bias")

    h = F.conv2d(same_pad(nchw(t(x)), 3, 1), oihw(W["conv2d/kernel"]), t(W["conv2d/bias"]))
    # FusedBatchNorm at inference puts epsilon inside the square root, as
    # PyTorch's batch_norm does.
    h = F.batch_norm(h, t(W["batch_normalization/moving_mean"]), t(W["batch_normalization/moving_variance"]),
                     t(W["batch_normalization/gamma"]), t(W["batch_normalization/beta"]), training=False, eps=0.001)
    h = F.max_pool2d(F.relu(h), 2, 2)
    # 4×4 with a 3×3 kernel at stride 2, SAME: TensorFlow pads 0 before and 1 after.
    h = F.conv2d(same_pad(h, 3, 2), oihw(W["conv2d_1/kernel"]), t(W["conv2d_1/bias"]), stride=2)
    h = torch.clamp(h, 0, 6).mean(dim=(2, 3))
    y = h @ t(W["dense/kernel"]) + t(W["dense/bias"])
    Model("cnn", ("x", F32, [-1, 8, 8, 3]), "dense", W).save(build, x, f32(y))


def separable():
    W = {"depthwise_conv2d/depthwise_kernel": w(3, 3, 4, 2), "depthwise_conv2d/bias": w(8),
         "separable_conv2d/depthwise_kernel": w(3, 3, 8, 1), "separable_conv2d/pointwise_kernel": w(1, 1, 8, 6),
         "separable_conv2d/bias": w(6)}
    x = w(2, 7, 7, 4, scale=1)

    def build(b):
        h = b.conv("inputs", "depthwise_conv2d/depthwise_kernel", "depthwise_conv2d/bias", op="DepthwiseConv2dNative", dilations=2)
        h = b.op("Relu", h, T=Type(F32))
        # tf.nn.separable_conv2d: a depthwise then a 1×1 convolution.
        h = b.conv(h, "separable_conv2d/depthwise_kernel", None, strides=2, op="DepthwiseConv2dNative")
        h = b.conv(h, "separable_conv2d/pointwise_kernel", "separable_conv2d/bias", padding="VALID")
        h = b.op("LeakyRelu", h, T=Type(F32), alpha=0.3)
        return b.op("Reshape", h, b.const(np.array([-1, 4 * 4 * 6], np.int32)), T=Type(F32))

    def depthwise(h, k, stride=1, dilation=1):
        # A [h, w, in, multiplier] filter is a grouped convolution whose
        # output channel c·multiplier+m reads input channel c.
        kh, kw, c, m = k.shape
        eff = (kh - 1) * dilation + 1
        return F.conv2d(same_pad(h, eff, stride), t(k).reshape(kh, kw, 1, c * m).permute(3, 2, 0, 1), stride=stride,
                        dilation=dilation, groups=c)

    h = F.relu(depthwise(nchw(t(x)), W["depthwise_conv2d/depthwise_kernel"], dilation=2) + t(W["depthwise_conv2d/bias"]).view(1, -1, 1, 1))
    h = depthwise(h, W["separable_conv2d/depthwise_kernel"], stride=2)
    h = F.conv2d(h, oihw(W["separable_conv2d/pointwise_kernel"]), t(W["separable_conv2d/bias"]))
    y = nhwc(F.leaky_relu(h, 0.3)).reshape(2, -1)
    Model("separable", ("x", F32, [-1, 7, 7, 4]), "leaky_re_lu", W).save(build, x, f32(y))


def embedding():
    W = {"embedding/embeddings": w(20, 8), "dense/kernel": w(8, 1), "dense/bias": w(1)}
    # Keras's Input is float32 by default; Embedding casts the ids.
    x = rng.randint(0, 20, size=(3, 6)).astype(np.float32)

    def build(b):
        ids = b.op("Cast", "inputs", SrcT=Type(F32), DstT=Type(I32))
        e = b.op("ResourceGather", resource("embedding/embeddings"), ids, dtype=Type(F32), Tindices=Type(I32), batch_dims=0)
        h = b.op("Mean", e, b.const(np.array(1, np.int32)), T=Type(F32), keep_dims=False)
        return b.dense(h, "dense/kernel", "dense/bias", "Sigmoid")

    h = F.embedding(torch.from_numpy(x).long(), t(W["embedding/embeddings"])).mean(1)
    y = torch.sigmoid(h @ t(W["dense/kernel"]) + t(W["dense/bias"]))
    Model("embedding", ("tokens", F32, [-1, 6]), "dense", W).save(build, x, f32(y))


def decoder():
    W = {"conv2d_transpose/kernel": w(3, 3, 2, 4), "conv2d_transpose/bias": w(2),
         "conv2d/kernel": w(1, 1, 2, 1), "conv2d/bias": w(1)}
    x = w(2, 3, 3, 4, scale=1)

    def build(b):
        # Keras's Conv2DTranspose: input_sizes computed from the input's shape.
        shape = b.op("Shape", "inputs", T=Type(F32), out_type=Type(I32))
        n = b.op("StridedSlice", shape, b.const(np.array([0], np.int32)), b.const(np.array([1], np.int32)),
                 b.const(np.array([1], np.int32)), T=Type(I32), Index=Type(I32), shrink_axis_mask=1)
        sizes = b.op("Pack", n, b.const(np.array(6, np.int32)), b.const(np.array(6, np.int32)), b.const(np.array(2, np.int32)),
                     T=Type(I32), N=4, axis=0)
        h = b.op("Conv2DBackpropInput", sizes, b.read("conv2d_transpose/kernel"), "inputs", T=Type(F32),
                 strides=[1, 2, 2, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 1, 1])
        h = b.op("Relu", b.op("BiasAdd", h, b.read("conv2d_transpose/bias"), T=Type(F32)), T=Type(F32))
        h = b.op("ResizeNearestNeighbor", h, b.const(np.array([12, 12], np.int32)), T=Type(F32),
                 align_corners=False, half_pixel_centers=True)
        h = b.op("ResizeBilinear", h, b.const(np.array([9, 9], np.int32)), T=Type(F32),
                 align_corners=False, half_pixel_centers=True)
        return b.op("Sigmoid", b.conv(h, "conv2d/kernel", "conv2d/bias", padding="VALID"), T=Type(F32))

    # The transposed convolution of SAME padding is the full one cropped
    # from TensorFlow's leading padding: 0 rows before (the odd one goes
    # after), so the first 6 of PyTorch's 7.
    k = t(W["conv2d_transpose/kernel"]).permute(3, 2, 0, 1)  # [in, out, h, w]
    h = F.conv_transpose2d(nchw(t(x)), k, stride=2)[:, :, :6, :6]
    h = F.relu(h + t(W["conv2d_transpose/bias"]).view(1, -1, 1, 1))
    # half_pixel_centers nearest is PyTorch's "nearest-exact"; bilinear
    # without align_corners samples at half-pixel centres in both.
    h = F.interpolate(h, size=(12, 12), mode="nearest-exact")
    h = F.interpolate(h, size=(9, 9), mode="bilinear", align_corners=False)
    y = nhwc(torch.sigmoid(F.conv2d(h, oihw(W["conv2d/kernel"]), t(W["conv2d/bias"]))))
    Model("decoder", ("x", F32, [-1, 3, 3, 4]), "conv2d", W).save(build, x, f32(y))


def layernorm_gelu():
    W = {"layer_normalization/gamma": w(6) + 1, "layer_normalization/beta": w(6),
         "dense/kernel": w(6, 12), "dense/bias": w(12), "dense_1/kernel": w(12, 6), "dense_1/bias": w(6)}
    x = w(2, 4, 6, scale=1)

    def build(b):
        # Keras's LayerNormalization runs FusedBatchNormV3 in training mode
        # on the input viewed as NCHW [1, rows, features, 1].
        rows = b.op("Reshape", "inputs", b.const(np.array([1, 8, 6, 1], np.int32)), T=Type(F32))
        ones, zeros, empty = (b.const(v) for v in (np.ones(8, np.float32), np.zeros(8, np.float32), np.zeros(0, np.float32)))
        h = b.op("FusedBatchNormV3", rows, ones, zeros, empty, empty, T=Type(F32), U=Type(F32), epsilon=0.001,
                 is_training=True, data_format="NCHW", exponential_avg_factor=1.0)
        h = b.op("Reshape", h, b.const(np.array([2, 4, 6], np.int32)), T=Type(F32))
        h = b.op("AddV2", b.op("Mul", h, b.read("layer_normalization/gamma"), T=Type(F32)), b.read("layer_normalization/beta"), T=Type(F32))
        # Dense on a 3-D input as an einsum, then gelu(x) = x/2·(1 + erf(x/√2)).
        u = b.op("Einsum", h, b.read("dense/kernel"), T=Type(F32), N=2, equation="abc,cd->abd")
        u = b.op("BiasAdd", u, b.read("dense/bias"), T=Type(F32))
        e = b.op("Erf", b.op("RealDiv", u, b.const(np.array(np.sqrt(2), np.float32)), T=Type(F32)), T=Type(F32))
        g = b.op("Mul", b.op("Mul", b.const(np.array(0.5, np.float32)), u, T=Type(F32)),
                 b.op("AddV2", b.const(np.array(1, np.float32)), e, T=Type(F32)), T=Type(F32))
        # The second Dense as Keras's tensordot: reshape to rows, MatMul, back.
        flat = b.op("Reshape", g, b.const(np.array([-1, 12], np.int32)), T=Type(F32))
        o = b.op("Reshape", b.dense(flat, "dense_1/kernel", "dense_1/bias"), b.const(np.array([-1, 4, 6], np.int32)), T=Type(F32))
        return b.op("AddV2", o, "inputs", T=Type(F32))

    h = F.layer_norm(t(x), (6,), t(W["layer_normalization/gamma"]), t(W["layer_normalization/beta"]), eps=0.001)
    u = F.gelu(h @ t(W["dense/kernel"]) + t(W["dense/bias"]))
    y = u @ t(W["dense_1/kernel"]) + t(W["dense_1/bias"]) + t(x)
    Model("layernorm_gelu", ("x", F32, [-1, 4, 6]), "add", W).save(build, x, f32(y))


def attention():
    W = {"query/kernel": w(8, 8), "key/kernel": w(8, 8), "value/kernel": w(8, 8), "output/kernel": w(8, 8)}
    x = w(2, 5, 8, scale=1)

    def build(b):
        def heads(v):
            p = b.op("BatchMatMulV2", "inputs", b.read(v), T=Type(F32))
            p = b.op("Reshape", p, b.const(np.array([-1, 5, 2, 4], np.int32)), T=Type(F32))
            return b.op("Transpose", p, b.const(np.array([0, 2, 1, 3], np.int32)), T=Type(F32))

        q, k, v = heads("query/kernel"), heads("key/kernel"), heads("value/kernel")
        s = b.op("BatchMatMulV2", q, k, T=Type(F32), adj_y=True)
        s = b.op("Mul", s, b.const(np.array(0.5, np.float32)), T=Type(F32))
        # A causal mask from the lower triangle: -1e9 above the diagonal.
        tri = b.op("MatrixBandPart", b.const(np.ones((5, 5), np.float32)), b.const(np.array(-1, np.int64)),
                   b.const(np.array(0, np.int64)), T=Type(F32), Tindex=Type(pb.DT_INT64))
        m = b.op("Mul", b.op("Sub", b.const(np.array(1, np.float32)), tri, T=Type(F32)), b.const(np.array(-1e9, np.float32)), T=Type(F32))
        a = b.op("Softmax", b.op("AddV2", s, m, T=Type(F32)), T=Type(F32))
        o = b.op("BatchMatMulV2", a, v, T=Type(F32))
        o = b.op("Transpose", o, b.const(np.array([0, 2, 1, 3], np.int32)), T=Type(F32))
        o = b.op("Reshape", o, b.const(np.array([-1, 5, 8], np.int32)), T=Type(F32))
        return b.op("Einsum", o, b.read("output/kernel"), T=Type(F32), N=2, equation="abc,cd->abd")

    def heads(v):
        return (t(x) @ t(W[v])).reshape(2, 5, 2, 4).transpose(1, 2)

    q, k, v = heads("query/kernel"), heads("key/kernel"), heads("value/kernel")
    mask = torch.triu(torch.ones(5, 5, dtype=torch.float64), 1) * -1e9
    a = torch.softmax(q @ k.transpose(-1, -2) / 2 + mask, -1)
    y = (a @ v).transpose(1, 2).reshape(2, 5, 8) @ t(W["output/kernel"])
    Model("attention", ("x", F32, [-1, 5, 8]), "attention_output", W).save(build, x, f32(y))


def multihead_attention():
    W = {"query/kernel": w(6, 2, 3), "query/bias": w(2, 3), "key/kernel": w(6, 2, 3), "key/bias": w(2, 3),
         "value/kernel": w(6, 2, 3), "value/bias": w(2, 3), "attention_output/kernel": w(2, 3, 6), "attention_output/bias": w(6)}
    x = w(2, 4, 6, scale=1)

    def build(b):
        # Keras's MultiHeadAttention (self-attention, 2 heads of 3): its
        # EinsumDense projections and score equations.
        def project(v, eq="abc,cde->abde", inp="inputs"):
            p = b.op("Einsum", inp, b.read(v + "/kernel"), T=Type(F32), N=2, equation=eq)
            return b.op("AddV2", p, b.read(v + "/bias"), T=Type(F32))

        q = b.op("Mul", project("query"), b.const(np.array(1 / np.sqrt(3), np.float32)), T=Type(F32))
        k, v = project("key"), project("value")
        a = b.op("Softmax", b.op("Einsum", k, q, T=Type(F32), N=2, equation="aecd,abcd->acbe"), T=Type(F32))
        o = b.op("Einsum", a, v, T=Type(F32), N=2, equation="acbe,aecd->abcd")
        return project("attention_output", "abcd,cde->abe", o)

    def project(v, eq="abc,cde->abde", inp=t(x)):
        return torch.einsum(eq, inp, t(W[v + "/kernel"])) + t(W[v + "/bias"])

    q = project("query") * t(1 / np.sqrt(np.float32(3)).astype(np.float32))
    k, v = project("key"), project("value")
    a = torch.softmax(torch.einsum("aecd,abcd->acbe", k, q), -1)
    y = project("attention_output", "abcd,cde->abe", torch.einsum("acbe,aecd->abcd", a, v))
    Model("multihead_attention", ("x", F32, [-1, 4, 6]), "attention_output", W).save(build, x, f32(y))


def conv1d():
    W = {"conv1d/kernel": w(3, 3, 4), "conv1d/bias": w(4), "dense/kernel": w(8, 2), "dense/bias": w(2)}
    x = w(2, 10, 3, scale=1)

    def build(b):
        i32 = lambda v: b.const(np.array(v, np.int32))
        # ZeroPadding1D, then Conv1D as tf.nn.conv1d runs it: a Conv2D over
        # a height of 1 between ExpandDims and Squeeze.
        h = b.op("Pad", "inputs", i32([[0, 0], [1, 1], [0, 0]]), T=Type(F32), Tpaddings=Type(I32))
        h = b.op("ExpandDims", h, i32(-3), T=Type(F32), Tdim=Type(I32))
        k = b.op("ExpandDims", b.read("conv1d/kernel"), i32(0), T=Type(F32), Tdim=Type(I32))
        h = b.op("Conv2D", h, k, T=Type(F32), strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 1, 2, 1], data_format="NHWC")
        h = b.op("Squeeze", h, T=Type(F32), squeeze_dims=[-3])
        h = b.op("Elu", b.op("BiasAdd", h, b.read("conv1d/bias"), T=Type(F32)), T=Type(F32))
        # AveragePooling1D(2) through a 2-D pool over [time, 1].
        h = b.op("ExpandDims", h, i32(2), T=Type(F32), Tdim=Type(I32))
        h = b.op("AvgPool", h, T=Type(F32), ksize=[1, 2, 1, 1], strides=[1, 2, 1, 1], padding="VALID", data_format="NHWC")
        h = b.op("Squeeze", h, T=Type(F32), squeeze_dims=[2])
        # A backward copy of the sequence beside the forward one, as
        # Bidirectional joins them, then GlobalMaxPooling1D.
        back = b.op("ReverseV2", h, i32([1]), T=Type(F32), Tidx=Type(I32))
        h = b.op("ConcatV2", h, back, i32(-1), T=Type(F32), N=2, Tidx=Type(I32))
        h = b.op("Max", h, i32(1), T=Type(F32), Tidx=Type(I32), keep_dims=False)
        d = b.dense(h, "dense/kernel", "dense/bias")
        return b.op("Mul", d, b.op("Sigmoid", d, T=Type(F32)), T=Type(F32))  # swish

    h = F.conv1d(F.pad(t(x).transpose(1, 2), (1, 1)), t(W["conv1d/kernel"]).permute(2, 1, 0), t(W["conv1d/bias"]), dilation=2)
    h = F.avg_pool1d(F.elu(h), 2)
    h = torch.cat([h, torch.flip(h, [2])], 1).amax(2)
    y = F.silu(h @ t(W["dense/kernel"]) + t(W["dense/bias"]))
    Model("conv1d", ("x", F32, [-1, 10, 3]), "dense", W).save(build, x, f32(y))


def gru():
    units, feats, steps = 4, 3, 5
    W = {"gru/gru_cell/kernel": w(feats, 3 * units), "gru/gru_cell/recurrent_kernel": w(units, 3 * units),
         "gru/gru_cell/bias": w(2, 3 * units), "dense/kernel": w(units, 1), "dense/bias": w(1)}
    x = w(2, steps, feats, scale=1)

    def build(b):
        # Keras's standard_gru: the time steps in a TensorList, a While
        # loop whose body runs the cell (gates z, r, h; reset_after), and
        # the last output into a Dense layer.
        i32 = lambda v: b.const(np.array(v, np.int32))
        kernel, recurrent = b.read("gru/gru_cell/kernel"), b.read("gru/gru_cell/recurrent_kernel")
        bias = b.node("Unpack", b.read("gru/gru_cell/bias"), T=Type(F32), num=2, axis=0)
        steps_first = b.op("Transpose", "inputs", i32([1, 0, 2]), T=Type(F32))
        inputs_ta = b.op("TensorListFromTensor", steps_first, i32([-1, feats]), element_dtype=Type(F32), shape_type=Type(I32))
        outputs_ta = b.op("TensorListReserve", i32([-1, units]), i32(steps), element_dtype=Type(F32), shape_type=Type(I32))
        batch = b.op("StridedSlice", b.op("Shape", "inputs", T=Type(F32), out_type=Type(I32)), i32([0]), i32([1]), i32([1]),
                     T=Type(I32), Index=Type(I32), shrink_axis_mask=1)
        h0 = b.op("Fill", b.op("Pack", batch, i32(units), T=Type(I32), N=2, axis=0), b.const(np.array(0, np.float32)), T=Type(F32))
        types = [I32, I32, I32, pb.DT_VARIANT, F32, pb.DT_VARIANT, F32, F32, F32, F32]
        cond = Function("__inference_while_cond_404", [("while_loop_counter", I32), ("while_maximum_iterations", I32),
                                                       ("placeholder", I32), ("placeholder_1", pb.DT_VARIANT),
                                                       ("less_strided_slice", F32), ("cond_inputs_ta", pb.DT_VARIANT),
                                                       ("cond_kernel", F32), ("cond_recurrent", F32), ("cond_bias_in", F32),
                                                       ("cond_bias_rec", F32)], [("identity", pb.DT_BOOL)])
        more = cond.op("Less", "placeholder", cond.const(np.array(steps, np.int32)), T=Type(I32))
        budget = cond.op("Less", "while_loop_counter", "while_maximum_iterations", T=Type(I32))
        cond.rets["identity"] = cond.op("Identity", cond.op("LogicalAnd", budget, more), T=Type(pb.DT_BOOL))
        body = Function("__inference_while_body_405", [(a[0].replace("cond_", "body_"), a[1]) for a in cond.args],
                        [("identity_%d" % i, dt) for i, dt in enumerate(types)])
        x_t = body.op("TensorListGetItem", "body_inputs_ta", "placeholder", body.const(np.array([-1, feats], np.int32)),
                      element_dtype=Type(F32))

        def gates(v, k, bias):
            m = body.op("BiasAdd", body.op("MatMul", v, k, T=Type(F32)), bias, T=Type(F32))
            return [body.ref(body.node("Split", body.const(np.array(1, np.int32)), m, T=Type(F32), num_split=3), "Split", i)
                    for i in range(3)]

        xz, xr, xh = gates(x_t, "body_kernel", "body_bias_in")
        hz, hr, hh = gates("less_strided_slice", "body_recurrent", "body_bias_rec")
        z = body.op("Sigmoid", body.op("AddV2", xz, hz, T=Type(F32)), T=Type(F32))
        r = body.op("Sigmoid", body.op("AddV2", xr, hr, T=Type(F32)), T=Type(F32))
        cand = body.op("Tanh", body.op("AddV2", xh, body.op("Mul", r, hh, T=Type(F32)), T=Type(F32)), T=Type(F32))
        keep = body.op("Mul", z, "less_strided_slice", T=Type(F32))
        new = body.op("Mul", body.op("Sub", body.const(np.array(1, np.float32)), z, T=Type(F32)), cand, T=Type(F32))
        h = body.op("AddV2", keep, new, T=Type(F32))
        out_ta = body.op("TensorListSetItem", "placeholder_1", "placeholder", h, element_dtype=Type(F32))
        one = body.const(np.array(1, np.int32))
        nxt = [body.op("AddV2", "while_loop_counter", one, T=Type(I32)), "while_maximum_iterations",
               body.op("AddV2", "placeholder", one, T=Type(I32)), out_ta, h] + [a for a, _ in body.args[5:]]
        for i, v in enumerate(nxt):
            body.rets["identity_%d" % i] = body.op("Identity", v, T=Type(types[i]))
        b.library += [cond, body]
        loop = b.node("While", i32(0), i32(steps), i32(0), outputs_ta, h0, inputs_ta, kernel, recurrent,
                      b.ref(bias, "Unpack", 0), b.ref(bias, "Unpack", 1), T=[Type(v) for v in types],
                      cond=Func(cond.fn), body=Func(body.fn), parallel_iterations=32)
        seq = b.op("TensorListStack", b.ref(loop, "While", 3), i32([-1, units]), element_dtype=Type(F32), num_elements=steps)
        last = b.op("StridedSlice", seq, i32([-1]), i32([0]), i32([1]), T=Type(F32), Index=Type(I32), shrink_axis_mask=1)
        return b.dense(last, "dense/kernel", "dense/bias")

    # Keras's GRU (reset_after) is PyTorch's: Keras orders the gates z, r, h
    # in [in, 3·units] kernels, PyTorch r, z, n in [3·units, in] weights.
    def torch_order(m):
        z, r, h = np.split(m, 3, axis=-1)
        return t(np.concatenate([r, z, h], axis=-1))

    cell = torch.nn.GRU(feats, units, batch_first=True).double()
    with torch.no_grad():
        cell.weight_ih_l0.copy_(torch_order(W["gru/gru_cell/kernel"]).T)
        cell.weight_hh_l0.copy_(torch_order(W["gru/gru_cell/recurrent_kernel"]).T)
        cell.bias_ih_l0.copy_(torch_order(W["gru/gru_cell/bias"][0]))
        cell.bias_hh_l0.copy_(torch_order(W["gru/gru_cell/bias"][1]))
        seq, _ = cell(t(x))
    y = seq[:, -1] @ t(W["dense/kernel"]) + t(W["dense/bias"])
    Model("gru", ("x", F32, [-1, steps, feats]), "dense", W).save(build, x, f32(y))


def png_classifier():
    W = {"conv2d/kernel": w(3, 3, 3, 4), "conv2d/bias": w(4), "dense/kernel": w(4, 3), "dense/bias": w(3)}
    pixels = rng.randint(0, 256, size=(5, 7, 4)).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels, "RGBA").save(buf, "PNG")
    x = buf.getvalue()

    def build(b):
        # A TF Serving image model: one encoded image in, decoded to RGB
        # (alpha dropped), scaled to [0, 1] and resized to 8×8.
        img = b.op("DecodePng", "inputs", channels=3, dtype=Type(pb.DT_UINT8))
        img = b.op("Mul", b.op("Cast", img, SrcT=Type(pb.DT_UINT8), DstT=Type(F32)), b.const(np.array(1 / 255, np.float32)), T=Type(F32))
        img = b.op("ExpandDims", img, b.const(np.array(0, np.int32)), T=Type(F32), Tdim=Type(I32))
        img = b.op("ResizeBilinear", img, b.const(np.array([8, 8], np.int32)), T=Type(F32), align_corners=False, half_pixel_centers=True)
        h = b.op("Relu", b.conv(img, "conv2d/kernel", "conv2d/bias"), T=Type(F32))
        h = b.op("Mean", h, b.const(np.array([1, 2], np.int32)), T=Type(F32), keep_dims=False)
        return b.op("Softmax", b.dense(h, "dense/kernel", "dense/bias"), T=Type(F32))

    # PIL decodes the PNG with libpng, as TensorFlow does.
    rgb = np.asarray(Image.open(io.BytesIO(x)).convert("RGBA"))[:, :, :3]
    img = nchw(t(rgb.astype(np.float32) * np.float32(1 / 255))[None])
    img = F.interpolate(img, size=(8, 8), mode="bilinear", align_corners=False)
    h = F.relu(F.conv2d(same_pad(img, 3, 1), oihw(W["conv2d/kernel"]), t(W["conv2d/bias"]))).mean(dim=(2, 3))
    y = torch.softmax(h @ t(W["dense/kernel"]) + t(W["dense/bias"]), -1)
    Model("png_classifier", ("image_bytes", STR, []), "dense", W).save(build, x, f32(y))


def text_classifier():
    """TextVectorization (lower_and_strip_punctuation, whitespace split,
    StringLookup, output_sequence_length 5), Embedding, average pooling and
    a sigmoid Dense, as Keras 2 exports them: tf.strings.split is
    StringSplitV2 made a RaggedTensor from value_rowids, the lookup maps
    its flat values, to_tensor is RaggedTensorToTensor."""
    seq, strip = 5, r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
    vocab = ["the", "cat", "sat", "on", "mat", "dogs", "cats", "a", "dog"]  # ids 2…; 0 pads, 1 is [UNK]
    W = {"embedding/embeddings": w(len(vocab) + 2, 4), "dense/kernel": w(4, 1), "dense/bias": w(1)}
    tables = {"string_lookup_table": ([v.encode() for v in vocab], np.arange(2, len(vocab) + 2, dtype=np.int64))}
    x = [b"The cat sat on the MAT!", b"Dogs, cats & birds?", b"", b"  a  dog\tsat on the mat with a cat "]

    def build(b):
        I64 = pb.DT_INT64
        s = b.op("StringLower", "inputs", encoding="")
        s = b.op("StaticRegexReplace", s, pattern=strip, rewrite="", replace_global=True)
        split = b.node("StringSplitV2", s, b.const(b"", name="sep"), maxsplit=-1)
        indices, values, shape = ("%s:%s:0" % (split, o) for o in ("indices", "values", "shape"))
        stride = b.const(np.array([1, 1], np.int32))
        rowids = b.op("StridedSlice", indices, b.const(np.array([0, 0], np.int32)), b.const(np.array([0, 1], np.int32)), stride,
                      T=Type(I64), Index=Type(I32), begin_mask=1, end_mask=1, shrink_axis_mask=2)
        nrows = b.op("StridedSlice", shape, b.const(np.array([0], np.int32)), b.const(np.array([1], np.int32)), b.const(np.array([1], np.int32)),
                     T=Type(I64), Index=Type(I32), shrink_axis_mask=1)
        ids = b.op("LookupTableFindV2", resource("string_lookup_table"), values, b.const(np.array(1, np.int64)), Tin=Type(STR), Tout=Type(I64))
        dense = b.op("RaggedTensorToTensor", b.const(np.array([-1, seq], np.int64)), ids, b.const(np.array(0, np.int64)), nrows, rowids,
                     T=Type(I64), Tindex=Type(I64), Tshape=Type(I64), num_row_partition_tensors=2,
                     row_partition_types=["FIRST_DIM_SIZE", "VALUE_ROWIDS"])
        e = b.op("ResourceGather", resource("embedding/embeddings"), dense, dtype=Type(F32), Tindices=Type(I64), batch_dims=0)
        h = b.op("Mean", e, b.const(np.array(1, np.int32)), T=Type(F32), keep_dims=False)
        return b.dense(h, "dense/kernel", "dense/bias", "Sigmoid")

    index = {v: i + 2 for i, v in enumerate(vocab)}
    rows = []
    for s in x:
        tokens = re.sub(strip, "", s.decode().lower()).split()
        ids = [index.get(tok, 1) for tok in tokens][:seq]
        rows.append(ids + [0] * (seq - len(ids)))
    h = F.embedding(torch.tensor(rows), t(W["embedding/embeddings"])).mean(1)
    y = torch.sigmoid(h @ t(W["dense/kernel"]) + t(W["dense/bias"]))
    Model("text_classifier", ("text", STR, [-1]), "dense", W, tables).save(build, x, f32(y))


def mixed_bfloat16():
    """A Dense layer under Keras's mixed_bfloat16 policy: float32
    variables and input cast to bfloat16, the layer computed in bfloat16
    (each op rounds its result, as TensorFlow's bfloat16 kernels do) and
    the output cast back to float32."""
    W = {"dense/kernel": w(5, 3), "dense/bias": w(3)}
    x = w(4, 5, scale=2)
    BF16 = pb.DT_BFLOAT16

    def build(b):
        def cast(v, src, dst):
            return b.op("Cast", v, SrcT=Type(src), DstT=Type(dst), Truncate=False)
        h = b.op("MatMul", cast("inputs", F32, BF16), cast(b.read("dense/kernel"), F32, BF16), T=Type(BF16))
        h = b.op("BiasAdd", h, cast(b.read("dense/bias"), F32, BF16), T=Type(BF16))
        return cast(b.op("Relu", h, T=Type(BF16)), BF16, F32)

    def bf16(v):
        return v.float().bfloat16().double()

    h = bf16(bf16(t(x)) @ bf16(t(W["dense/kernel"])))
    y = torch.relu(bf16(h + bf16(t(W["dense/bias"]))))
    Model("mixed_bfloat16", ("x", F32, [-1, 5]), "dense", W).save(build, x, f32(y))


MODELS = [dense_mlp, cnn, separable, embedding, decoder, layernorm_gelu, attention, multihead_attention, conv1d, gru, png_classifier, text_classifier, mixed_bfloat16]

if __name__ == "__main__":
    for make in MODELS:
        make()
        print("wrote", make.__name__)
