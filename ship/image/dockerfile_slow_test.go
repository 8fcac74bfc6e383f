//go:build slowbuild

package image_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/ship/image"
)

// TestDockerContextSource checks that the source in the context compiles to
// the binary Build puts in the image. Compiling from another folder misses
// the build cache: a minute or more.
func TestDockerContextSource(t *testing.T) {
	_, dir := writeDockerContext(t)
	fromContext := &image.Compiler{Source: filepath.Join(dir, "src")}
	defer fromContext.Close()
	a, err := fromContext.Build(context.Background(), amd64, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := compiler.Build(context.Background(), amd64, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(readFile(t, a)) != string(readFile(t, b)) {
		t.Error("the context's source compiles to a different slipway")
	}
}
