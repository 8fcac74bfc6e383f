package ops

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// Kernel computes a node's outputs from its inputs (nil for absent optional
// inputs). It must not modify its inputs and must be safe for concurrent
// use: everything it writes is allocated per call. ctx ends with the
// request; kernels that loop (Loop, Scan) check it.
type Kernel func(ctx context.Context, in []Value) ([]Value, error)

// Op is one table entry: an operator implemented from opset version Since of
// its domain. Build checks the node's attributes and static input types and
// returns its kernel; it branches on n.Opset where the semantics changed.
type Op struct {
	Domain string // "" for ai.onnx
	Type   string
	Since  int
	Build  func(n *Node) (Kernel, error)
}

// The lookup errors, and ErrUnsupported for valid ONNX that Slipway does
// not implement yet (training modes, exotic element types).
var (
	ErrUnknownOp   = errors.New("unknown operator")
	ErrOpset       = errors.New("unsupported operator set version")
	ErrUnsupported = errors.New("not supported yet")
)

// maxOpset is the newest operator set version of each domain Slipway knows;
// a model importing a newer one may rely on semantics it does not.
var maxOpset = map[string]int{"": 27, "ai.onnx.ml": 5}

// Domain returns the canonical spelling of an operator domain: "" for the
// default ai.onnx domain.
func Domain(d string) string {
	if d == "ai.onnx" {
		return ""
	}
	return d
}

// Lookup returns the table entry for the operator domain::typ as of the
// given opset version.
func Lookup(domain, typ string, opset int) (Op, error) {
	domain = Domain(domain)
	i := sort.Search(len(table), func(i int) bool { return !less(table[i], domain, typ) })
	if i == len(table) || table[i].Domain != domain || table[i].Type != typ {
		return Op{}, fmt.Errorf("%w %s", ErrUnknownOp, Qualified(domain, typ))
	}
	if latest, ok := maxOpset[domain]; ok && opset > latest {
		return Op{}, fmt.Errorf("%w: %s opset %d is newer than the latest known, %d", ErrOpset, domainName(domain), opset, latest)
	}
	if op := table[i]; opset < op.Since {
		return Op{}, fmt.Errorf("%w: %s is implemented from opset %d, the model imports %d", ErrOpset, Qualified(domain, typ), op.Since, opset)
	}
	return table[i], nil
}

// Table returns the implemented operators, sorted by domain and type.
func Table() []Op { return append([]Op(nil), table...) }

func less(op Op, domain, typ string) bool {
	if op.Domain != domain {
		return op.Domain < domain
	}
	return op.Type < typ
}

// Qualified names an operator as domain::type, or type alone for ai.onnx.
func Qualified(domain, typ string) string {
	if domain == "" {
		return typ
	}
	return domain + "::" + typ
}

func domainName(d string) string {
	if d == "" {
		return "ai.onnx"
	}
	return d
}
