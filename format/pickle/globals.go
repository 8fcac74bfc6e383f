package pickle

// callFunc gives an inert meaning to calling a safe global with args.
type callFunc func(m *machine, g Global, args Tuple) (any, error)

// safeGlobals is the built-in allow-list. A nil callFunc marks a global
// that is only a value (a type that scikit-learn stores, such as
// dtype=numpy.float64); calling it is refused.
var safeGlobals = map[Global]callFunc{}

func init() {
	for _, mod := range []string{"copyreg", "copy_reg"} {
		safeGlobals[Global{mod, "_reconstructor"}] = callReconstructor
	}
	for _, mod := range []string{"builtins", "__builtin__"} {
		for name, f := range map[string]callFunc{
			"object":    callInert,
			"slice":     callInert,
			"set":       callSet,
			"frozenset": callSet,
			"bytearray": callBytes,
			"bytes":     callBytes,
			"complex":   callComplex,
			"float":     nil, "int": nil, "str": nil, "bool": nil,
			"list": nil, "dict": nil, "tuple": nil, "long": nil, "unicode": nil,
		} {
			safeGlobals[Global{mod, name}] = f
		}
	}
	safeGlobals[Global{"_codecs", "encode"}] = callEncode
	safeGlobals[Global{"collections", "OrderedDict"}] = callOrderedDict

	safeGlobals[Global{"numpy", "dtype"}] = callDtype
	for _, name := range []string{
		"ndarray", "memmap", "bool_", "int8", "int16", "int32", "int64",
		"uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64",
		"longdouble", "complex64", "complex128", "object_", "str_", "bytes_",
	} {
		safeGlobals[Global{"numpy", name}] = nil
	}
	for _, core := range []string{"numpy.core", "numpy._core"} {
		safeGlobals[Global{core + ".multiarray", "_reconstruct"}] = callReconstruct
		safeGlobals[Global{core + ".multiarray", "scalar"}] = callScalar
		safeGlobals[Global{core + ".numeric", "_frombuffer"}] = callFromBuffer
	}
	for _, mod := range []string{"joblib.numpy_pickle", "sklearn.externals.joblib.numpy_pickle"} {
		safeGlobals[Global{mod, "NumpyArrayWrapper"}] = callArrayWrapper
		safeGlobals[Global{mod, "NDArrayWrapper"}] = callNDArrayWrapper
	}
}
