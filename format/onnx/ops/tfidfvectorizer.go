package ops

import (
	"context"
	enc "encoding/binary" // the package-level binary is broadcasting
	"fmt"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// tfidf is a TfIdfVectorizer's n-gram pool, keyed by the encoded tokens of
// each n-gram (see stringToken and intToken) and mapped to its output index.
type tfidf struct {
	pool             map[string]int
	minGram, maxGram int
	maxSkip          int
	mode             string
	weights          []float32
	size             int
	strings          bool
}

// buildTfIdfVectorizer counts the pooled n-grams (with up to max_skip_count
// tokens skipped between neighbours) in each row of a [C] or [N, C] int or
// string tensor, and weighs the counts by mode.
func buildTfIdfVectorizer(n *Node) (Kernel, error) {
	v := &tfidf{
		minGram: int(n.Int("min_gram_length", 0)),
		maxGram: int(n.Int("max_gram_length", 0)),
		maxSkip: int(n.Int("max_skip_count", 0)),
		mode:    n.String("mode", ""),
		weights: n.Floats("weights"),
	}
	if v.mode != "TF" && v.mode != "IDF" && v.mode != "TFIDF" {
		return nil, fmt.Errorf("mode %q, want TF, IDF or TFIDF", v.mode)
	}
	if v.minGram < 1 || v.maxGram < v.minGram || v.maxSkip < 0 {
		return nil, fmt.Errorf("gram lengths [%d, %d] and max_skip_count %d are out of range", v.minGram, v.maxGram, v.maxSkip)
	}
	ints, strs := n.Ints("pool_int64s"), n.Strings("pool_strings")
	v.strings = len(strs) > 0
	poolLen := max(len(ints), len(strs))
	counts := n.Ints("ngram_counts")
	keys, err := ngramKeys(counts, poolLen, func(i int) string {
		if v.strings {
			return stringToken(strs[i])
		}
		return intToken(ints[i])
	})
	if err != nil {
		return nil, err
	}
	indexes := n.Ints("ngram_indexes")
	if len(indexes) != len(keys) {
		return nil, fmt.Errorf("%d ngram_indexes for %d pooled n-grams", len(indexes), len(keys))
	}
	v.pool = make(map[string]int, len(keys))
	for i, k := range keys {
		if indexes[i] < 0 || indexes[i] >= MaxElements {
			return nil, fmt.Errorf("ngram_indexes[%d] = %d is out of range", i, indexes[i])
		}
		v.pool[k] = int(indexes[i])
		v.size = max(v.size, int(indexes[i])+1)
	}
	v.maxGram = min(v.maxGram, len(counts)) // the pool holds no longer n-grams
	if v.weights != nil && len(v.weights) < v.size {
		return nil, fmt.Errorf("%d weights for %d outputs", len(v.weights), v.size)
	}
	return withInput(v.run), nil
}

// ngramKeys splits the pool into n-grams: ngram_counts[i] is where the
// (i+1)-grams start. token(i) encodes pool entry i.
func ngramKeys(counts []int64, poolLen int, token func(int) string) ([]string, error) {
	var keys []string
	for i, start := range counts {
		end := int64(poolLen)
		if i+1 < len(counts) {
			end = counts[i+1]
		}
		size := int64(i + 1)
		if start < 0 || end < start || end > int64(poolLen) || (end-start)%size != 0 {
			return nil, fmt.Errorf("ngram_counts %v do not split a pool of %d into whole n-grams", counts, poolLen)
		}
		for at := start; at < end; at += size {
			var k strings.Builder
			for j := at; j < at+size; j++ {
				k.WriteString(token(int(j)))
			}
			keys = append(keys, k.String())
		}
	}
	return keys, nil
}

// stringToken encodes a string token with its length first, so that joined
// tokens never collide.
func stringToken(s string) string {
	return string(append(enc.AppendUvarint(nil, uint64(len(s))), s...))
}

// intToken encodes an int token in a fixed width.
func intToken(x int64) string {
	return string(enc.LittleEndian.AppendUint64(nil, uint64(x)))
}

func (v *tfidf) run(ctx context.Context, t *tensor.Tensor, _ []Value) ([]Value, error) {
	tokens, err := v.tokens(t)
	if err != nil {
		return nil, err
	}
	shape := t.Shape()
	rows, cols := 1, 0
	outShape := []int{v.size}
	switch len(shape) {
	case 1:
		cols = shape[0]
	case 2:
		rows, cols = shape[0], shape[1]
		outShape = []int{rows, v.size}
	default:
		return nil, fmt.Errorf("want a [C] or [N, C] input, got %v", shape)
	}
	size, err := numElements(outShape)
	if err != nil {
		return nil, err
	}
	out := make([]float32, size)
	for r := range rows {
		if err := v.count(ctx, out[r*v.size:(r+1)*v.size], tokens[r*cols:(r+1)*cols]); err != nil {
			return nil, err
		}
	}
	v.weigh(out)
	return result(tensor.New(outShape, out))
}

// tokens encodes each input element as the pool keys do.
func (v *tfidf) tokens(t *tensor.Tensor) ([]string, error) {
	var token func(i int) string
	if s, ok := tensor.Values[string](t); ok && v.strings {
		token = func(i int) string { return stringToken(s[i]) }
	} else if ints, err := int64s(t); err == nil && !v.strings {
		token = func(i int) string { return intToken(ints[i]) }
	} else {
		return nil, fmt.Errorf("input is %v, want the pool's type (strings: %v)", t.DType(), v.strings)
	}
	out := make([]string, t.Len())
	for i := range out {
		out[i] = token(i)
	}
	return out, nil
}

// count adds to freq the pooled n-grams of one row. Unigrams are counted on
// the first pass only, since skipping changes no unigram.
func (v *tfidf) count(ctx context.Context, freq []float32, row []string) error {
	minGram := v.minGram
	var key []byte
	for skip := 0; skip <= min(v.maxSkip, max(len(row)-2, 0)); skip++ { // longer skips reach past the row
		if err := ctx.Err(); err != nil {
			return err
		}
		step := skip + 1
		for start := range row {
			key = key[:0]
			for n, at := 1, start; n <= v.maxGram && at < len(row); n, at = n+1, at+step {
				key = append(key, row[at]...)
				if n < minGram {
					continue
				}
				if i, ok := v.pool[string(key)]; ok {
					freq[i]++
				}
			}
		}
		if minGram == 1 {
			minGram = 2
		}
		if minGram > v.maxGram {
			break
		}
	}
	return nil
}

// weigh turns counts into the mode's outputs.
func (v *tfidf) weigh(out []float32) {
	for i, f := range out {
		w := float32(1)
		if v.weights != nil {
			w = v.weights[i%v.size]
		}
		switch {
		case v.mode == "TF":
		case v.mode == "IDF" && f > 0:
			out[i] = w
		default:
			out[i] = f * w
		}
	}
}
