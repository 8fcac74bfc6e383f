package ops

import "context"

// An optional value is its element, or nil when empty.

func buildOptionalHasElement(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		return result(NewTensor(0, []int{}, []bool{len(in) > 0 && in[0] != nil}))
	}, nil
}

func buildOptionalGetElement(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		if len(in) == 0 || in[0] == nil {
			return nil, errMissing
		}
		return one(in[0]), nil
	}, nil
}

// buildOptional wraps its input, or makes an empty optional without one.
func buildOptional(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		if len(in) == 0 {
			return one(nil), nil
		}
		return one(in[0]), nil
	}, nil
}
