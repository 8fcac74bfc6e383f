package ops

import "context"

// buildStringConcat joins two string tensors element-wise with
// broadcasting.
func buildStringConcat(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		a, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		b, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		return result(binary(a, b, func(x, y string) string { return x + y }))
	}, nil
}
