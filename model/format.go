package model

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
)

// Format is a model file format that can be detected and loaded.
type Format struct {
	// Name is short and unique: "sklearn", "onnx", "savedmodel".
	Name string
	// Detect reports whether path holds this format. head is the file's
	// first bytes (nil for a directory); it must be cheap.
	Detect func(path string, head []byte, isDir bool) bool
	// Load reads the model at path.
	Load func(ctx context.Context, path string) (Model, error)
	// Versions, when set, lists the versions that a folder of versions at
	// path holds (TensorFlow Serving's model/00000123/), oldest first, as
	// they are served ("123"); none when path is a single model.
	Versions func(path string) ([]string, error)
	// LoadVersion reads one version that Versions lists; it is set with
	// Versions.
	LoadVersion func(ctx context.Context, path, version string) (Model, error)
}

var (
	formatsMu sync.RWMutex
	formats   = map[string]Format{}
)

// Register adds a format; formats call it from init. A duplicate name panics.
func Register(f Format) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	if _, dup := formats[f.Name]; dup {
		panic("model: format registered twice: " + f.Name)
	}
	formats[f.Name] = f
}

// Formats returns the registered format names, sorted.
func Formats() []string {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return sortedNames()
}

// headSize is how much of a file Detect sees.
const headSize = 512

// Detect returns the format of the model at path.
func Detect(path string) (Format, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Format{}, fmt.Errorf("detect model format: %w", err)
	}
	var head []byte
	if !fi.IsDir() {
		f, err := os.Open(path)
		if err != nil {
			return Format{}, fmt.Errorf("detect model format: %w", err)
		}
		defer f.Close()
		head = make([]byte, headSize)
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return Format{}, fmt.Errorf("detect model format: %w", err)
		}
		head = head[:n]
		if n == 0 {
			return Format{}, fmt.Errorf("%w: %s is empty", ErrUnknownFormat, path)
		}
	}
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	for _, name := range sortedNames() {
		if f := formats[name]; f.Detect(path, head, fi.IsDir()) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("%w: %s (known formats: %v)", ErrUnknownFormat, path, sortedNames())
}

func sortedNames() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Load detects the format of the model at path and loads it.
func Load(ctx context.Context, path string) (Model, error) {
	f, err := Detect(path)
	if err != nil {
		return nil, err
	}
	m, err := f.Load(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("load %s model %s: %w", f.Name, path, err)
	}
	return m, nil
}

// Versions detects the format of the model at path and lists the versions
// its folder holds; a format without version folders, or a path that is a
// single model, has none.
func Versions(path string) (Format, []string, error) {
	f, err := Detect(path)
	if err != nil || f.Versions == nil {
		return f, nil, err
	}
	vs, err := f.Versions(path)
	if err != nil {
		return f, nil, fmt.Errorf("list %s versions in %s: %w", f.Name, path, err)
	}
	return f, vs, nil
}
