package savedmodel

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTruncatedShard cuts the data shard of TF2 models, which restore
// through the checkpoint's object graph, at several points: each load
// must fail saying which tensor lies outside the shard.
func TestTruncatedShard(t *testing.T) {
	root := corpus(t)
	for _, dir := range []string{
		"tfserving__saved_model_half_plus_two_tf2_cpu/00000123",
		"tfnet__keras_lstm_from_sequential",
	} {
		for _, keep := range []float64{0, 0.5, 0.99} {
			t.Run(fmt.Sprintf("%s/keep_%.0f%%", dir, 100*keep), func(t *testing.T) {
				m := copyModel(t, filepath.Join(root, dir))
				path := filepath.Join(m, "variables", "variables.data-00000-of-00001")
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b[:int(keep*float64(len(b)))], 0o644); err != nil {
					t.Fatal(err)
				}
				_, err = Load(context.Background(), m, Options{})
				if err == nil || !strings.Contains(err.Error(), "outside the") {
					t.Errorf("Load error = %v, want one saying a tensor lies outside the shard", err)
				}
			})
		}
	}
}
