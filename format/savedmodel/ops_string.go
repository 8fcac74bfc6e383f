package savedmodel

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// equalOp is Equal (want true) and NotEqual: element-wise comparison of
// numbers, bools or strings.
func equalOp(want bool) *kernel {
	return tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		a, aok := tensor.Values[string](in[0])
		b, bok := tensor.Values[string](in[1])
		if !aok && !bok {
			return compare(in[0], in[1], func(x, y float64) bool { return (x == y) == want })
		}
		if !aok || !bok {
			return nil, fmt.Errorf("cannot compare %v with %v", in[0].DType(), in[1].DType())
		}
		shape, err := broadcastShape(in[0].Shape(), in[1].Shape())
		if err != nil {
			return nil, err
		}
		if _, err := checkSize(shape); err != nil {
			return nil, err
		}
		ia, ib := broadcastIndex(shape, in[0].Shape()), broadcastIndex(shape, in[1].Shape())
		out := make([]bool, len(ia))
		for i := range out {
			out[i] = (a[ia[i]] == b[ib[i]]) == want
		}
		return tensor.New(shape, out)
	})
}

// stringInputs reads string tensors broadcast to one shape.
func stringInputs(in []*tensor.Tensor) ([]int, [][]string, error) {
	shapes := make([][]int, len(in))
	for i, t := range in {
		shapes[i] = t.Shape()
	}
	shape, err := broadcastShape(shapes...)
	if err != nil {
		return nil, nil, err
	}
	if _, err := checkSize(shape); err != nil {
		return nil, nil, err
	}
	cols := make([][]string, len(in))
	for i, t := range in {
		s, ok := tensor.Values[string](t)
		if !ok {
			return nil, nil, fmt.Errorf("input %d is %v, want STRING", i, t.DType())
		}
		cols[i] = pick(s, broadcastIndex(shape, t.Shape()))
	}
	return shape, cols, nil
}

// stringJoinOp is StringJoin: inputs joined element-wise by separator.
var stringJoinOp = tensorKernel(-1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, cols, err := stringInputs(in)
	if err != nil {
		return nil, err
	}
	sep := c.attrString("separator")
	out := make([]string, len(cols[0]))
	parts := make([]string, len(cols))
	for i := range out {
		for k, col := range cols {
			parts[k] = col[i]
		}
		out[i] = strings.Join(parts, sep)
	}
	return tensor.New(shape, out)
})

// stringMapOp applies f to every string of its input.
func stringMapOp(f func(c *call) (func(string) string, error)) *kernel {
	return tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		s, ok := tensor.Values[string](in[0])
		if !ok {
			return nil, fmt.Errorf("input is %v, want STRING", in[0].DType())
		}
		g, err := f(c)
		if err != nil {
			return nil, err
		}
		return tensor.New(in[0].Shape(), convert(s, g))
	})
}

// re2Group matches RE2's \1-style group references in a rewrite.
var re2Group = regexp.MustCompile(`\\(\d)`)

// replacer compiles a regex replacement. TensorFlow's patterns are RE2,
// which Go's regexp implements; only the rewrite's \N group syntax
// differs from Go's ${N}.
func replacer(pattern, rewrite string, global bool) (func(string) string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern: %w", err)
	}
	rewrite = re2Group.ReplaceAllString(strings.ReplaceAll(rewrite, "$", "$$"), "$${$1}")
	return func(s string) string {
		if global {
			return re.ReplaceAllString(s, rewrite)
		}
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return s
		}
		return s[:loc[0]] + string(re.ExpandString(nil, rewrite, s, loc)) + s[loc[1]:]
	}, nil
}

// replaceGlobal reads replace_global, true when absent.
func replaceGlobal(c *call) bool {
	if _, ok := c.n.def.GetAttr()["replace_global"]; ok {
		return c.attrBool("replace_global")
	}
	return true
}

var staticRegexReplaceOp = stringMapOp(func(c *call) (func(string) string, error) {
	return replacer(c.attrString("pattern"), c.attrString("rewrite"), replaceGlobal(c))
})

// regexReplaceOp is RegexReplace: StaticRegexReplace with the pattern and
// rewrite as scalar inputs.
var regexReplaceOp = tensorKernel(3, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, ok1 := tensor.Values[string](in[0])
	pattern, ok2 := tensor.Values[string](in[1])
	rewrite, ok3 := tensor.Values[string](in[2])
	if !ok1 || !ok2 || !ok3 || len(pattern) != 1 || len(rewrite) != 1 {
		return nil, fmt.Errorf("want strings and scalar string pattern and rewrite")
	}
	f, err := replacer(pattern[0], rewrite[0], replaceGlobal(c))
	if err != nil {
		return nil, err
	}
	return tensor.New(in[0].Shape(), convert(s, f))
})

// asStringOp is AsString: numbers formatted as C's printf does with the
// op's precision, scientific, shortest, width and fill; bools as
// true/false.
var asStringOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	if b, ok := tensor.Values[bool](in[0]); ok {
		return tensor.New(in[0].Shape(), convert(b, strconv.FormatBool))
	}
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	spec := "%"
	if f := c.attrString("fill"); f == "0" || f == "-" {
		spec += f
	}
	if w := c.attrInt("width", -1); w > 0 && w < 1<<10 {
		spec += strconv.Itoa(int(w))
	}
	verb := "d"
	if !in[0].DType().IsInt() {
		if p := c.attrInt("precision", -1); p >= 0 && p < 1<<10 {
			spec += "." + strconv.Itoa(int(p))
		}
		verb = "f"
		switch {
		case c.attrBool("scientific"):
			verb = "e"
		case c.attrBool("shortest"):
			verb = "g"
		}
	}
	spec += verb
	return tensor.New(in[0].Shape(), convert(x, func(v float64) string {
		switch {
		case math.IsNaN(v):
			return "nan"
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		case verb == "d":
			return fmt.Sprintf(spec, int64(v))
		}
		return fmt.Sprintf(spec, v)
	}))
})

// stringToNumberOp is StringToNumber: decimal strings parsed as out_type.
var stringToNumberOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, ok := tensor.Values[string](in[0])
	if !ok {
		return nil, fmt.Errorf("input is %v, want STRING", in[0].DType())
	}
	dt, err := outType(c, "out_type", tensor.Float32)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(s))
	for i, v := range s {
		if dt.IsInt() {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			out[i] = float64(n)
			if err != nil {
				return nil, fmt.Errorf("cannot convert %q to %v", v, dt)
			}
			continue
		}
		if out[i], err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("cannot convert %q to %v", v, dt)
		}
	}
	return fromFloat64(dt, in[0].Shape(), out)
})

// caseOp is StringLower and StringUpper: ASCII letters only, unless
// encoding is utf-8.
func caseOp(f func(rune) rune) *kernel {
	return stringMapOp(func(c *call) (func(string) string, error) {
		utf8 := strings.EqualFold(c.attrString("encoding"), "utf-8")
		return func(s string) string {
			return strings.Map(func(r rune) rune {
				if r < 0x80 || utf8 {
					return f(r)
				}
				return r
			}, s)
		}, nil
	})
}

// stringFormatOp is StringFormat, the message of tf.print: template with
// each placeholder replaced by a summary of the next input, showing its
// first summarize values as Assert does.
var stringFormatOp = tensorKernel(-1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	tmpl, ph := "%s", "%s" // the op's defaults
	if a, ok := c.n.def.GetAttr()["template"]; ok {
		tmpl = string(a.GetS())
	}
	if a, ok := c.n.def.GetAttr()["placeholder"]; ok && len(a.GetS()) > 0 {
		ph = string(a.GetS())
	}
	parts := strings.Split(tmpl, ph)
	if len(parts) != len(in)+1 {
		return nil, fmt.Errorf("template %q has %d placeholders for %d inputs", tmpl, len(parts)-1, len(in))
	}
	n := int(max(c.attrInt("summarize", 3), 0))
	var b strings.Builder
	for i, t := range in {
		b.WriteString(parts[i])
		if len(t.Shape()) == 0 {
			b.WriteString(summarize(t, 1))
		} else {
			b.WriteString("[" + summarize(t, n) + "]")
		}
	}
	b.WriteString(parts[len(in)])
	return tensor.New([]int{}, []string{b.String()})
})

// printV2Op is PrintV2, tf.print's output: dropped, as a server's
// standard streams are no place for a model's debugging.
var printV2Op = statefulKernel(&kernel{arity: 1, run: func(*call, []value) ([]value, error) { return nil, nil }})
