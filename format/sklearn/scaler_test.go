package sklearn

import (
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

const (
	standardPath   = "sklearn.preprocessing._data.StandardScaler"
	minMaxPath     = "sklearn.preprocessing._data.MinMaxScaler"
	normalizerPath = "sklearn.preprocessing._data.Normalizer"
)

func TestPreprocessDecodeErrors(t *testing.T) {
	two := floatArray([]int{2}, 1, 2)
	tests := []struct {
		name, path string
		attrs      []any
		wantErr    string
	}{
		{"no mean", standardPath, []any{"with_mean", true, "with_std", false}, "fitted attribute mean_ is missing"},
		{"no switch", standardPath, []any{"mean_", two, "scale_", two}, "fitted attribute with_mean is missing"},
		{"scale length", standardPath, []any{"with_mean", true, "with_std", true, "mean_", two, "scale_", floatArray([]int{3}, 1, 2, 3)}, "scale_ has shape [3], want [2]"},
		{"features disagree", standardPath, []any{"with_mean", true, "with_std", false, "mean_", two, "n_features_in_", int64(3)}, "mean_ has shape [2], want [3]"},
		{"scale 2-D", "sklearn.preprocessing._data.MaxAbsScaler", []any{"scale_", floatArray([]int{1, 2}, 1, 2)}, "scale_ has shape [1 2], want [features]"},
		{"robust no center", "sklearn.preprocessing._data.RobustScaler", []any{"with_centering", true, "with_scaling", true, "center_", pickle.None{}, "scale_", two}, "attribute center_: expected a numpy array, found pickle.None"},
		{"min length", minMaxPath, []any{"scale_", two, "min_", floatArray([]int{1}, 0)}, "min_ has shape [1], want [2]"},
		{"bad range", minMaxPath, []any{"scale_", two, "min_", two, "clip", true, "feature_range", pickle.Tuple{0.0}}, "feature_range: expected a pair of numbers"},
		{"no norm", normalizerPath, nil, "fitted attribute norm is missing"},
		{"unknown norm", normalizerPath, []any{"norm", "l3"}, `unknown norm "l3", want l1, l2 or max`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(fittedObject(tt.path, tt.attrs...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestTransformKeepsInput checks transformers write a new matrix: X may be
// the request's own storage.
func TestTransformKeepsInput(t *testing.T) {
	two := floatArray([]int{2}, 2, 4)
	for _, o := range []*pickle.Object{
		fittedObject(standardPath, "with_mean", true, "with_std", true, "mean_", two, "scale_", two),
		fittedObject(minMaxPath, "scale_", two, "min_", two),
		fittedObject(normalizerPath, "norm", "l2"),
	} {
		t.Run(o.Class.Name, func(t *testing.T) {
			e, err := decode(o)
			if err != nil {
				t.Fatal(err)
			}
			in := []float64{1, 2, 3, 4}
			out, err := e.(Transformer).Transform(Matrix{Rows: 2, Cols: 2, Data: in})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(in, []float64{1, 2, 3, 4}) || slices.Equal(out.Data, in) {
				t.Errorf("input became %v, output %v", in, out.Data)
			}
		})
	}
}

// TestMinMaxClip checks clipping to feature_range, and that pickles older
// than 0.24, which have no clip attribute, do not clip.
func TestMinMaxClip(t *testing.T) {
	X := Matrix{Rows: 1, Cols: 2, Data: []float64{-3, 5}}
	tests := []struct {
		name  string
		attrs []any
		want  []float64
	}{
		{"clip", []any{"clip", true, "feature_range", pickle.Tuple{int64(-1), int64(2)}}, []float64{-1, 2}},
		{"no clip", []any{"clip", false}, []float64{-3, 5}},
		{"before 0.24", nil, []float64{-3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			attrs := append([]any{"scale_", floatArray([]int{2}, 1, 1), "min_", floatArray([]int{2}, 0, 0)}, tt.attrs...)
			e, err := decode(fittedObject(minMaxPath, attrs...))
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.(Transformer).Transform(X)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Data, tt.want) {
				t.Errorf("got %v, want %v", got.Data, tt.want)
			}
		})
	}
}
