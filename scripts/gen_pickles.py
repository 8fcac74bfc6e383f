#!/usr/bin/python3
"""Generate the pickle VM's test files and the values they must decode to.

Run with Debian's python3 (apt-get install python3-sklearn python3-lz4):

    /usr/bin/python3 scripts/gen_pickles.py

Each case is pickled with every protocol it supports (and joblib cases with
every compressor) into testdata/pickle/; expected.json maps each file to
a typed description of its value (see describe), which
format/pickle/files_test.go compares with what the Go VM builds.
"""
import copyreg
import io
import json
import math
import os
import pickle
import sys
import types
import zlib

import joblib
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "pickle")

# Test classes live in a module named slipway_test, which the Go test
# allows; pickle finds them through sys.modules.
MODULE = types.ModuleType("slipway_test")
sys.modules[MODULE.__name__] = MODULE


def _register(cls):
    cls.__module__ = MODULE.__name__
    setattr(MODULE, cls.__name__, cls)
    return cls


@_register
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


@_register
class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a, self.b = 1, "two"


@_register
class Reduced:
    """Pickled as a call of the class with arguments (REDUCE)."""

    def __init__(self, n, label):
        self.n, self.label = n, label

    def __reduce__(self):
        return (Reduced, (self.n, self.label))


@_register
class Keyworded:
    """Pickled with keyword arguments (NEWOBJ_EX, protocol 4+)."""

    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __getnewargs_ex__(self):
        return ((1,), {"scale": 2.5})


@_register
class MyList(list):
    pass


@_register
class MyDict(dict):
    pass


def ints():
    return [0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**31, 2**63 - 1,
            -2**63, 2**63, 2**64, -2**100, 2**2100, -2**2100]


def floats():
    return [0.0, -0.0, 0.1, 1.5, -2.25, 1e300, 5e-324, math.inf, -math.inf, math.nan]


def strings():
    return ["", "ascii", "héllo ünïcode ✓ 😀", "back\\slash\nnew\rline\x00\x1a", "x" * 300,
            b"", b"\x00\xff raw\n", b"y" * 300, bytearray(b"abc")]


def containers():
    shared = [1, 2]
    return {
        "nested": [1, (2, 3), {"b": None, "c": [True, False]}],
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "set": {1, 2, 3},
        "frozenset": frozenset({"x", "y"}),
        "empty": [[], {}, set()],
        "memo": [shared, shared, {"again": shared}, "s", "s"],
        "big_list": list(range(1100)),  # more than one APPENDS batch of 1000
        "big_dict": {"k%d" % i: i for i in range(40)},
        (1, "tuple key"): 1.5,
        7: "int key",
    }


def objects():
    p = Point(1, [2.5, "y"])
    lst = MyList([1, 2])
    lst.attr = "on the list"
    dct = MyDict(a=1)
    return [p, Reduced(3, "three"), lst, dct, {"p": p, "again": p}]


def structured(n=3):
    # The layout of scikit-learn's Tree node array (1.3 adds missing_go_to_left).
    dt = np.dtype([("left_child", "<i8"), ("right_child", "<i8"), ("feature", "<i8"),
                   ("threshold", "<f8"), ("impurity", "<f8"), ("n_node_samples", "<i8"),
                   ("weighted_n_node_samples", "<f8"), ("missing_go_to_left", "u1")])
    a = np.zeros(n, dtype=dt)
    a["left_child"] = [1, -1, -1]
    a["right_child"] = [2, -1, -1]
    a["threshold"] = [0.5, -2, -2]
    a["n_node_samples"] = [10, 4, 6]
    a["missing_go_to_left"] = [1, 0, 0]
    return a


def arrays():
    r = np.arange(6)
    return {
        "bool": np.array([True, False, True]),
        "int8": np.array([-128, 0, 127], dtype=np.int8),
        "int16": np.array([-32768, 1, 32767], dtype=np.int16),
        "int32": r.astype(np.int32).reshape(2, 3),
        "int64": np.array([-2**63, 0, 2**63 - 1]),
        "uint8": np.array([0, 200, 255], dtype=np.uint8),
        "uint16": np.array([0, 65535], dtype=np.uint16),
        "uint32": np.array([0, 2**32 - 1], dtype=np.uint32),
        "uint64": np.array([0, 2**62], dtype=np.uint64),
        "float16": np.array([0.5, -1.25, 65504], dtype=np.float16),
        "float32": np.array([[1.5, -0.0], [3.25, np.inf]], dtype=np.float32),
        "float64": np.linspace(-1, 1, 7),
        "complex64": np.array([1 + 2j, -3j], dtype=np.complex64),
        "complex128": np.array([1 + 2j, 0.5 - 3j]),
        "big_endian_f8": np.array([1.5, -2.0], dtype=">f8"),
        "big_endian_i4": np.array([[1, -2], [3, 4]], dtype=">i4"),
        "fortran_f8": np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4)),
        "fortran_i4": np.asfortranarray(r.astype(np.int32).reshape(2, 3)),
        "fortran_3d": np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)),
        "unicode": np.array(["a", "héllo", "✓"]),
        "bytes": np.array([b"ab", b"", b"xyz"]),
        "object": np.array([1, "two", None, 3.5, [4]], dtype=object),
        "object_2d_fortran": np.asfortranarray(np.array([[1, "a"], [None, 2.5]], dtype=object)),
        "structured": structured(),
        "zero_dim": np.array(2.5),
        "empty": np.zeros((0, 3)),
        "strided": np.arange(10, dtype=np.float64)[::3],
        "datetime": np.array(["2020-01-01", "1970-01-02"], dtype="M8[D]"),
    }


def scalars():
    return [np.float64(1.5), np.float32(2.5), np.float16(0.5), np.int64(-3), np.int32(7),
            np.int8(-8), np.uint8(200), np.uint64(2**64 - 1), np.bool_(True), np.bool_(False),
            np.complex128(1 + 2j), np.str_("hi"), np.bytes_(b"by")]


def types_():
    return {"types": [np.float64, np.float32, np.int64, np.int32, np.bool_, np.object_,
                      np.str_, float, int, str, bool, object],
            "dtypes": [np.dtype("float64"), np.dtype(">i2"), np.dtype("U3"), np.dtype("O"),
                       np.dtype("S4"), np.dtype("b1"), np.dtype("M8[s]"), structured().dtype]}


# name -> (value factory, protocols)
CASES = {
    "ints": (ints, range(6)),
    "floats": (floats, range(6)),
    "strings": (strings, range(6)),
    "containers": (containers, range(6)),
    "objects": (objects, range(6)),
    # Protocols 0 and 1 cannot pickle __slots__ without __getstate__, and
    # keyword arguments need NEWOBJ_EX (protocol 4).
    "objects_slots": (lambda: [Slotted()], range(2, 6)),
    "objects_kw": (lambda: [Keyworded()], [4, 5]),
    "arrays": (arrays, range(6)),
    "scalars": (scalars, range(6)),
    "types": (types_, range(6)),
}

# joblib cases: name -> (value factory, dump keyword arguments)
JOBLIB = {
    "joblib": (arrays, {}),
    "joblib_p2": (arrays, {"protocol": 2}),
    "joblib_zlib": (arrays, {"compress": ("zlib", 3)}),
    "joblib_gzip": (arrays, {"compress": ("gzip", 3)}),
    "joblib_bz2": (arrays, {"compress": ("bz2", 3)}),
    "joblib_xz": (arrays, {"compress": ("xz", 3)}),
    "joblib_lzma": (arrays, {"compress": ("lzma", 3)}),
    "joblib_lz4": (arrays, {"compress": ("lz4", 3)}),
}


def tagged(tag, v):
    return {tag: v}


def describe(v, proto):
    """Describes v the way the Go test describes what the VM built."""
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, np.unsignedinteger):
        return tagged("uint", str(int(v)))
    if isinstance(v, (int, np.integer)):
        return tagged("int", str(int(v)))
    if isinstance(v, (float, np.floating)):
        return tagged("float", repr(float(v)))
    if isinstance(v, (complex, np.complexfloating)):
        return tagged("complex", [repr(float(v.real)), repr(float(v.imag))])
    if isinstance(v, (str, np.str_)):
        return tagged("str", str(v))
    if isinstance(v, (bytes, bytearray)):
        return tagged("bytes", bytes(v).hex())
    if type(v) is tuple:
        return tagged("tuple", [describe(x, proto) for x in v])
    if type(v) is list:
        return tagged("list", [describe(x, proto) for x in v])
    if type(v) is dict:
        return tagged("dict", [[describe(k, proto), describe(x, proto)] for k, x in v.items()])
    if type(v) in (set, frozenset):
        return tagged("set", [describe(x, proto) for x in v])
    if isinstance(v, np.dtype):
        return tagged("dtype", describe_dtype(v))
    if isinstance(v, np.ndarray):
        return tagged("array", describe_array(v, proto))
    if isinstance(v, type):
        return tagged("global", v.__module__ + "." + v.__qualname__)
    return tagged("object", describe_object(v, proto))


def describe_dtype(d):
    out = {"kind": d.kind, "byteorder": "<" if d.byteorder == "=" else d.byteorder,
           "itemsize": d.itemsize}
    if d.names:
        out["fields"] = [[n, describe_dtype(d.fields[n][0]), d.fields[n][1]] for n in d.names]
    return out


def describe_array(a, proto):
    # Mirrors Array.Values in Go: ints for bool and unsigned arrays, strings
    # for bytes arrays; structured, complex and datetime arrays compare as
    # raw bytes.
    out = {"dtype": describe_dtype(a.dtype), "shape": list(a.shape)}
    if a.dtype.kind in "VcM":
        out["data"] = a.tobytes(order="C").hex()
    elif a.dtype.kind == "S":
        out["values"] = [tagged("str", x.decode("ascii")) for x in a.ravel(order="C")]
    elif a.dtype.kind in "bu":
        out["values"] = [tagged("int", str(int(x))) for x in a.ravel(order="C")]
    else:
        out["values"] = [describe(x.item() if a.dtype.kind != "O" else x, proto)
                         for x in a.ravel(order="C")]
    return out


def describe_object(v, proto):
    """Follows v.__reduce_ex__ exactly as the pickler does."""
    rv = v.__reduce_ex__(proto)
    func, args = rv[0], rv[1]
    state = rv[2] if len(rv) > 2 else None
    kwargs = None
    if func is copyreg.__newobj__:
        cls, args = args[0], args[1:]
    elif func is copyreg.__newobj_ex__:
        cls, args, kwargs = args
    elif func is copyreg._reconstructor:
        cls, args = args[0], (() if args[2] is None else (args[2],))
    else:
        cls = func
    out = {"class": cls.__module__ + "." + cls.__qualname__,
           "args": [describe(x, proto) for x in args]}
    if kwargs:
        out["kwargs"] = describe(kwargs, proto)
    if state is not None:
        out["state"] = describe(state, proto)
    if len(rv) > 3 and rv[3] is not None:
        out["items"] = [describe(x, proto) for x in (list(v) if isinstance(v, list) else rv[3])]
    if len(rv) > 4 and rv[4] is not None:
        out["entries"] = describe(dict(v), proto)
    return out


def zf_file(path, value):
    """joblib < 0.10's zlib container: "ZF", the length in hex padded to 19
    bytes, then the compressed pickle."""
    buf = io.BytesIO()
    joblib.dump(value, buf)
    data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(b"ZF" + hex(len(data)).encode().ljust(19) + zlib.compress(data))


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Fix set iteration order so that reruns write identical files.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    os.makedirs(ROOT, exist_ok=True)
    files, values = {}, []  # each distinct description is stored once

    def expect(fname, desc):
        if desc not in values:
            values.append(desc)
        files[fname] = values.index(desc)

    for name, (make, protocols) in CASES.items():
        for proto in protocols:
            value = make()
            fname = "%s.p%d.pkl" % (name, proto)
            with open(os.path.join(ROOT, fname), "wb") as f:
                pickle.dump(value, f, protocol=proto)
            expect(fname, describe(value, proto))
    for name, (make, kwargs) in JOBLIB.items():
        fname = name + ".joblib"
        value = make()
        joblib.dump(value, os.path.join(ROOT, fname), **kwargs)
        # The value as written: joblib.load would swap big-endian arrays to
        # native order, the VM keeps the file's byte order.
        expect(fname, describe(value, 4))
    zf_file(os.path.join(ROOT, "joblib_zf.joblib"), {"a": np.arange(3.0)})
    expect("joblib_zf.joblib", describe({"a": np.arange(3.0)}, 4))
    with open(os.path.join(ROOT, "expected.json"), "w") as f:
        json.dump({"files": files, "values": values}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
