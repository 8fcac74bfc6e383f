package savedmodel

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slipwayml/slipway/tensor"
)

// stringSplitV2Op is StringSplitV2, tf.strings.split on a vector: the
// tokens as a sparse tensor (indices, values, dense shape). An empty sep
// splits at runs of ASCII whitespace and drops empty tokens, as Python's
// str.split() does; any other sep splits at each occurrence and keeps
// them. maxsplit >= 0 caps the splits per string.
var stringSplitV2Op = &kernel{arity: 2, outputs: []string{"indices", "values", "shape"}, run: func(c *call, in []value) ([]value, error) {
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	s, ok := tensor.Values[string](ts[0])
	if !ok || len(ts[0].Shape()) != 1 {
		return nil, fmt.Errorf("input is %v %v, want a STRING vector", ts[0].DType(), ts[0].Shape())
	}
	sep, err := stringScalar(ts[1])
	if err != nil {
		return nil, fmt.Errorf("sep: %w", err)
	}
	maxsplit := int(c.attrInt("maxsplit", -1))
	var indices []int64
	var values []string
	width := 0
	for i, str := range s {
		var parts []string
		switch {
		case sep == "":
			parts = splitSpace(str, maxsplit)
		case maxsplit < 0:
			parts = strings.Split(str, sep)
		default:
			parts = strings.SplitN(str, sep, maxsplit+1)
		}
		if len(values)+len(parts) > maxElements {
			return nil, fmt.Errorf("more than %d tokens", maxElements)
		}
		for j := range parts {
			indices = append(indices, int64(i), int64(j))
		}
		values = append(values, parts...)
		width = max(width, len(parts))
	}
	it, err := tensor.New([]int{len(values), 2}, indices)
	if err != nil {
		return nil, err
	}
	vt, err := tensor.New([]int{len(values)}, values)
	if err != nil {
		return nil, err
	}
	st, err := tensor.New([]int{2}, []int64{int64(len(s)), int64(width)})
	if err != nil {
		return nil, err
	}
	return []value{tensorValue(it), tensorValue(vt), tensorValue(st)}, nil
}}

func isASCIISpace(b byte) bool { return strings.IndexByte(" \t\n\v\f\r", b) >= 0 }

// splitSpace is Python's str.split(None, maxsplit) for ASCII whitespace.
func splitSpace(s string, maxsplit int) []string {
	var parts []string
	for {
		for len(s) > 0 && isASCIISpace(s[0]) {
			s = s[1:]
		}
		if s == "" {
			return parts
		}
		if maxsplit >= 0 && len(parts) == maxsplit {
			return append(parts, strings.TrimRightFunc(s, func(r rune) bool { return r < 0x80 && isASCIISpace(byte(r)) }))
		}
		end := 0
		for end < len(s) && !isASCIISpace(s[end]) {
			end++
		}
		parts, s = append(parts, s[:end]), s[end:]
	}
}

// rowSplits reads a ragged tensor's one row partition as row splits
// (row r is values[splits[r]:splits[r+1]]): ROW_SPLITS, or
// FIRST_DIM_SIZE with VALUE_ROWIDS.
func rowSplits(types []string, parts []*tensor.Tensor, nvals int) ([]int, error) {
	switch {
	case slices.Equal(types, []string{"ROW_SPLITS"}) && len(parts) == 1:
		splits, err := asInts(parts[0])
		if err != nil || len(splits) == 0 || splits[0] != 0 || splits[len(splits)-1] != nvals || !slices.IsSorted(splits) {
			return nil, fmt.Errorf("row_splits %v for %d values", parts[0].Data(), nvals)
		}
		return splits, nil
	case slices.Equal(types, []string{"FIRST_DIM_SIZE", "VALUE_ROWIDS"}) && len(parts) == 2:
		rows, err := scalarInt(parts[0], "first_dim_size")
		if err != nil {
			return nil, err
		}
		if rows < 0 || rows > maxElements {
			return nil, fmt.Errorf("first_dim_size %d", rows)
		}
		ids, err := asInts(parts[1])
		if err != nil || len(ids) != nvals || !slices.IsSorted(ids) || len(ids) > 0 && (ids[0] < 0 || ids[len(ids)-1] >= rows) {
			return nil, fmt.Errorf("value_rowids of shape %v for %d values and %d rows", parts[1].Shape(), nvals, rows)
		}
		splits := make([]int, rows+1)
		for _, r := range ids {
			splits[r+1]++
		}
		for r := range rows {
			splits[r+1] += splits[r]
		}
		return splits, nil
	}
	return nil, fmt.Errorf("row_partition_types %v: %w (one ragged dimension only)", types, ErrUnsupported)
}

// raggedToTensorOp is RaggedTensorToTensor, RaggedTensor.to_tensor: rows
// padded with default_value, or cut, to the dense shape, whose unknown
// (-1) dimensions are the row count and the longest row.
var raggedToTensorOp = tensorKernel(-1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	if len(in) < 4 {
		return nil, fmt.Errorf("%d inputs, want shape, values, default_value and row partitions", len(in))
	}
	vals, def := in[1], in[2]
	vs := vals.Shape()
	if len(vs) == 0 {
		return nil, fmt.Errorf("values are a scalar")
	}
	types := convert(c.n.def.GetAttr()["row_partition_types"].GetList().GetS(), func(b []byte) string { return string(b) })
	splits, err := rowSplits(types, in[3:], vs[0])
	if err != nil {
		return nil, err
	}
	rows, width := len(splits)-1, 0
	for r := range rows {
		width = max(width, splits[r+1]-splits[r])
	}
	shape := append([]int{rows, width}, vs[1:]...)
	if want, err := asInts(in[0]); err != nil {
		return nil, fmt.Errorf("shape: %w", err)
	} else if len(in[0].Shape()) == 1 {
		if len(want) != len(shape) {
			return nil, fmt.Errorf("shape %v for a rank-%d result", want, len(shape))
		}
		for i, d := range want {
			switch {
			case d < -1 || i >= 2 && d >= 0 && d != shape[i]:
				return nil, fmt.Errorf("shape %v for values %v", want, vs)
			case d >= 0:
				shape[i] = d
			}
		}
	}
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	inner := shape[2:]
	block, _ := tensor.NumElements(inner)
	if b, err := broadcastShape(def.Shape(), inner); err != nil || !slices.Equal(b, inner) {
		return nil, fmt.Errorf("default_value of shape %v for values %v", def.Shape(), vs)
	}
	all, err := concatFlat([]*tensor.Tensor{vals, def})
	if err != nil {
		return nil, err
	}
	pad := broadcastIndex(inner, def.Shape())
	idx := make([]int, 0, n)
	for r := range shape[0] {
		for j := range shape[1] {
			if r < rows && splits[r]+j < splits[r+1] {
				idx = append(idx, seq((splits[r]+j)*block, block)...)
				continue
			}
			for _, p := range pad {
				idx = append(idx, vals.Len()+p)
			}
		}
	}
	return take(all, shape, idx)
})

// unicodeDecodeOp is UnicodeDecode from UTF-8: the code points of each
// string of the flattened input as a ragged tensor (row_splits,
// char_values). errors "replace" (the default) puts replacement_char for
// each invalid byte, "ignore" drops it and "strict" fails.
var unicodeDecodeOp = &kernel{arity: 1, outputs: []string{"row_splits", "char_values"}, run: func(c *call, in []value) ([]value, error) {
	t, err := in[0].tensor()
	if err != nil {
		return nil, err
	}
	s, ok := tensor.Values[string](t)
	if !ok {
		return nil, fmt.Errorf("input is %v, want STRING", t.DType())
	}
	if enc := c.attrString("input_encoding"); !strings.EqualFold(strings.ReplaceAll(enc, "-", ""), "utf8") {
		return nil, fmt.Errorf("input_encoding %q: %w", enc, ErrUnsupported)
	}
	mode := c.attrString("errors")
	replacement := rune(c.attrInt("replacement_char", utf8.RuneError))
	controls := c.attrBool("replace_control_characters")
	splits := []float64{0}
	var chars []int32
	for _, str := range s {
		for i, r := range str {
			switch {
			case r == utf8.RuneError && !strings.HasPrefix(str[i:], "\uFFFD"): // an invalid byte
				switch mode {
				case "strict":
					return nil, fmt.Errorf("invalid UTF-8 in %q", str)
				case "ignore":
					continue
				}
				r = replacement
			case controls && unicode.IsControl(r):
				r = replacement
			}
			chars = append(chars, int32(r))
		}
		splits = append(splits, float64(len(chars)))
	}
	dt, err := outType(c, "Tsplits", tensor.Int64)
	if err != nil {
		return nil, err
	}
	st, err := fromFloat64(dt, []int{len(splits)}, splits)
	if err != nil {
		return nil, err
	}
	ct, err := tensor.New([]int{len(chars)}, chars)
	if err != nil {
		return nil, err
	}
	return []value{tensorValue(st), tensorValue(ct)}, nil
}}
