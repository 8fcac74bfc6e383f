package savedmodel

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
)

func TestCorpusVersions(t *testing.T) {
	dir := filepath.Join(corpus(t), "tfserving__saved_model_half_plus_two_2_versions")
	vs, err := Versions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(vs, []int64{123, 124}) {
		t.Errorf("Versions = %v, want [123 124]", vs)
	}
	m, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(m.Dir(), "00000124") {
		t.Errorf("Load picked %s, want the highest version 00000124", m.Dir())
	}
	if d, err := VersionDir(dir, 123); err != nil || filepath.Base(d) != "00000123" {
		t.Errorf("VersionDir(123) = %q, %v; want …/00000123", d, err)
	}
}

func TestCorpusDetect(t *testing.T) {
	root := corpus(t)
	for _, c := range []struct {
		dir  string
		want bool
	}{
		{"tfserving__saved_model_half_plus_two_2_versions", true},
		{"tfserving__saved_model_half_plus_two_2_versions/00000123", true},
		{"tf__cc_half_plus_two_pbtxt/00000123", true},
		{"tfserving__session_bundle_half_plus_two", false},
	} {
		f, err := model.Detect(filepath.Join(root, c.dir))
		if got := err == nil && f.Name == "savedmodel"; got != c.want {
			t.Errorf("Detect(%s) = %q, %v; want savedmodel: %v", c.dir, f.Name, err, c.want)
		}
	}
}

// TestCorpusUninitialized checks a graph whose variables were never saved: it
// loads, and predicting reports the variable.
func TestCorpusUninitialized(t *testing.T) {
	m, err := Load(context.Background(), filepath.Join(corpus(t), "tfnet__example1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := model.Tensors{"sp": f32(t, []int{1, 96}, make([]float32, 96)...), "fuel": f32(t, []int{1, 96}, make([]float32, 96)...)}
	_, err = m.Predict(context.Background(), in, nil)
	if err == nil || !strings.Contains(err.Error(), "not initialized") {
		t.Errorf("Predict error = %v, want an uninitialized variable", err)
	}
}
