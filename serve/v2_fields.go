package serve

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// Typed readers for the fields of a V2 request object.

func stringField(obj *jsonvalue.Object, key string) (string, error) {
	v, ok := obj.Get(key)
	if !ok {
		return "", fmt.Errorf("missing %q", key)
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%q must be a string", key)
	}
	return s, nil
}

// shapeField reads "shape" as a list of integers; negative dimensions and
// overflowing products are left to tensor.NumElements.
func shapeField(obj *jsonvalue.Object) ([]int, error) {
	v, ok := obj.Get("shape")
	if !ok {
		return nil, errors.New(`missing "shape"`)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New(`"shape" must be a list of integers`)
	}
	shape := make([]int, len(list))
	for i, e := range list {
		num, ok := e.(jsonvalue.Number)
		if !ok {
			return nil, fmt.Errorf("shape[%d] is not a number", i)
		}
		d, err := strconv.ParseInt(string(num), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("shape[%d] = %s is not a 64-bit integer", i, num)
		}
		shape[i] = int(d)
	}
	return shape, nil
}

// binarySize reads parameters.binary_data_size.
func binarySize(obj *jsonvalue.Object) (int64, bool, error) {
	p, ok := obj.Get("parameters")
	if !ok {
		return 0, false, nil
	}
	po, ok := p.(*jsonvalue.Object)
	if !ok {
		return 0, false, errors.New(`"parameters" must be an object`)
	}
	v, ok := po.Get("binary_data_size")
	if !ok {
		return 0, false, nil
	}
	num, ok := v.(jsonvalue.Number)
	if !ok {
		return 0, false, errors.New("binary_data_size must be a number")
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || n < 0 {
		return 0, false, fmt.Errorf("binary_data_size %s: want a non-negative integer", num)
	}
	return n, true, nil
}

// boolParam reports whether the parameters object p has key set to true.
func boolParam(p any, key string) bool {
	po, ok := p.(*jsonvalue.Object)
	if !ok {
		return false
	}
	v, _ := po.Get(key)
	b, _ := v.(bool)
	return b
}
