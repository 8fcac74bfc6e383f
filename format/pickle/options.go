package pickle

// Options bound what Load accepts. The zero value uses the defaults below
// and allows only the built-in safe globals (numpy arrays and dtypes,
// joblib's array wrapper, copyreg's reconstructor, OrderedDict, set…).
type Options struct {
	// Allow reports whether a global outside the built-in safe set may be
	// referenced; an allowed class is instantiated as an inert *Object.
	Allow func(g Global) bool
	// Seen, if set, is told every global the stream references, allowed or
	// not, before it is checked (for `slipway inspect`).
	Seen func(g Global)
	// MaxBytes bounds the decompressed input size (default 1 GiB), and
	// also what calls such as _codecs.encode copy, which memo references
	// could otherwise repeat without end.
	MaxBytes int64
	// MaxMemo bounds the memo entries (default 1<<20).
	MaxMemo int
	// MaxDepth bounds the nesting of containers under construction, that
	// is of MARKs and of joblib's nested pickles (default 1000).
	MaxDepth int
	// MaxStack bounds the values on the VM's stack (default 1<<22).
	MaxStack int
}

const (
	defaultMaxBytes = 1 << 30
	defaultMaxMemo  = 1 << 20
	defaultMaxDepth = 1000
	defaultMaxStack = 1 << 22
)

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = defaultMaxBytes
	}
	if o.MaxMemo <= 0 {
		o.MaxMemo = defaultMaxMemo
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = defaultMaxDepth
	}
	if o.MaxStack <= 0 {
		o.MaxStack = defaultMaxStack
	}
	return o
}

// allowed reports whether g may be referenced at all.
func (o *Options) allowed(g Global) bool {
	if o.Seen != nil {
		o.Seen(g)
	}
	if _, ok := safeGlobals[g]; ok {
		return true
	}
	return o.Allow != nil && o.Allow(g)
}
