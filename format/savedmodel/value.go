package savedmodel

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/slipwayml/slipway/tensor"
)

// value is what flows along a graph edge: a tensor, a handle to a
// variable (a TF1 reference or a TF2 resource), a lookup table, or a
// TensorList.
type value struct {
	t     *tensor.Tensor
	v     *variable
	table *table
	list  *tensorList
}

// tensor returns the tensor a value carries, reading a variable handle.
func (v value) tensor() (*tensor.Tensor, error) {
	if v.v != nil {
		return v.v.read()
	}
	if v.t == nil {
		return nil, fmt.Errorf("no tensor")
	}
	return v.t, nil
}

func tensorValue(t *tensor.Tensor) value { return value{t: t} }

// variable is one model variable. Restoring assigns it at load; a
// stateful signature may assign it again while others read it.
type variable struct {
	name string
	val  atomic.Pointer[tensor.Tensor]
	mu   sync.Mutex // serialises read-modify-write updates
}

func (v *variable) read() (*tensor.Tensor, error) {
	t := v.val.Load()
	if t == nil {
		return nil, fmt.Errorf("variable %q is not initialized", v.name)
	}
	return t, nil
}

// variables holds a model's variables by shared name.
type variables struct {
	mu sync.Mutex
	m  map[string]*variable
}

func (vs *variables) get(name string) *variable {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.m == nil {
		vs.m = map[string]*variable{}
	}
	v, ok := vs.m[name]
	if !ok {
		v = &variable{name: name}
		vs.m[name] = v
	}
	return v
}
