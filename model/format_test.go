package model

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// registerTest registers a format that recognises files starting with
// magic, restoring the registry when the test ends.
func registerTest(t *testing.T, name, magic string) {
	t.Helper()
	Register(Format{
		Name:   name,
		Detect: func(_ string, head []byte, isDir bool) bool { return !isDir && strings.HasPrefix(string(head), magic) },
		Load: func(context.Context, string) (Model, error) {
			return nil, errors.New(name + " load failed")
		},
	})
	t.Cleanup(func() {
		formatsMu.Lock()
		delete(formats, name)
		formatsMu.Unlock()
	})
}

func TestDetect(t *testing.T) {
	registerTest(t, "test-a", "AAAA")
	registerTest(t, "test-b", "BBBB")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f, err := Detect(write("b.bin", "BBBB and more"))
	if err != nil || f.Name != "test-b" {
		t.Errorf("Detect = %v, %v; want test-b", f.Name, err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{write("empty.pkl", ""), "is empty"},
		{write("other.bin", "CCCC"), "unknown model format"},
		{filepath.Join(dir, "missing"), "no such file"},
		{dir, "unknown model format"},
	} {
		if _, err := Detect(tc.path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Detect(%s) = %v, want an error containing %q", tc.path, err, tc.want)
		}
	}
	// Load names the format and the path when the format's loader fails.
	_, err = Load(context.Background(), write("a.bin", "AAAA"))
	if err == nil || !strings.Contains(err.Error(), "load test-a model") || !strings.Contains(err.Error(), "a.bin") {
		t.Errorf("Load error = %v", err)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	registerTest(t, "test-dup", "D")
	defer func() {
		if recover() == nil {
			t.Error("registering a format name twice did not panic")
		}
	}()
	Register(Format{Name: "test-dup"})
}

func TestInputError(t *testing.T) {
	err := BadInput("expected %d features, got %d", 4, 3)
	wrapped := errors.Join(errors.New("context"), err)
	if !IsInputError(wrapped) || IsInputError(errors.New("plain")) {
		t.Error("IsInputError does not see through wrapping")
	}
	if err.Error() != "expected 4 features, got 3" {
		t.Errorf("message = %q", err)
	}
}
