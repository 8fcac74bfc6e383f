package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/model"
)

// exampleDir is where the bundled example model is written so every format
// loader can read it from a path.
func exampleDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "slipway", "example")
}

// loadModelArg loads the model named on the command line, or the bundled
// example model when args is empty.
func loadModelArg(ctx context.Context, args []string) (model.Model, bool, error) {
	if len(args) > 0 {
		m, err := model.Load(ctx, args[0])
		return m, false, err
	}
	path, err := example.Write(exampleDir())
	if err != nil {
		return nil, false, err
	}
	m, err := model.Load(ctx, path)
	return m, true, err
}

// readInput reads a request body from a file, or stdin for "-".
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	return b, nil
}

// inputBody returns the request body given by --input, or the example
// request when the example model is used without one.
func inputBody(input string, isExample bool, stdin io.Reader) ([]byte, error) {
	switch {
	case input != "":
		return readInput(input, stdin)
	case isExample:
		return example.Request, nil
	}
	return nil, fmt.Errorf("--input is required (a request body file, or - for stdin)")
}
