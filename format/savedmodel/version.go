package savedmodel

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/slipwayml/slipway/model"
)

// Versions lists the TensorFlow Serving version folders under dir (numeric
// names such as 00000123 holding a SavedModel), ascending.
func Versions(dir string) ([]int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	var vs []int64
	for _, e := range entries {
		v, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil || v < 0 || !e.IsDir() || !isSavedModelDir(filepath.Join(dir, e.Name())) {
			continue
		}
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs, nil
}

// resolveDir returns the folder holding the SavedModel: dir itself, or its
// highest version folder.
func resolveDir(dir string) (string, error) {
	if isSavedModelDir(dir) {
		return dir, nil
	}
	vs, err := Versions(dir)
	if err != nil {
		return "", err
	}
	if len(vs) == 0 {
		return "", fmt.Errorf("%w: %s has no saved_model.pb, saved_model.pbtxt or version folder", ErrNotSavedModel, dir)
	}
	return VersionDir(dir, vs[len(vs)-1])
}

// VersionDir finds the folder of version v under dir; TensorFlow Serving
// accepts any zero padding, so 123 matches 00000123.
func VersionDir(dir string, v int64) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if n, err := strconv.ParseInt(e.Name(), 10, 64); err == nil && n == v && e.IsDir() {
			return filepath.Join(dir, e.Name()), nil
		}
	}
	return "", fmt.Errorf("version %d not found in %s", v, dir)
}

func isSavedModelDir(dir string) bool {
	for _, name := range []string{"saved_model.pb", "saved_model.pbtxt"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// versionNames lists dir's versions as TensorFlow Serving names them,
// without zero padding; a SavedModel folder itself has none.
func versionNames(dir string) ([]string, error) {
	if isSavedModelDir(dir) {
		return nil, nil
	}
	vs, err := Versions(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = strconv.FormatInt(v, 10)
	}
	return names, nil
}

// loadVersion loads version v, as versionNames lists it, of dir.
func loadVersion(ctx context.Context, dir, v string) (model.Model, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("version %q is not a number", v)
	}
	vdir, err := VersionDir(dir, n)
	if err != nil {
		return nil, err
	}
	return Load(ctx, vdir, Options{})
}
