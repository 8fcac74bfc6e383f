// Package boot starts an edge binary: it writes the embedded model to a
// temporary folder and turns the command line into `slipway serve` of it.
package boot

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// Serve writes fsys, which holds the model's files under dir, to a new temporary folder, removed
// when the command finishes, and rewrites os.Args so that the program runs
// `serve NAME=ARTIFACT` followed by the arguments it was given. It is called
// from the init function of the generated main file, before main runs.
func Serve(fsys fs.FS, dir, name, artifact string) {
	tmp, err := os.MkdirTemp("", "slipway-"+name+"-")
	if err == nil {
		err = os.CopyFS(tmp, fsys)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "slipway: write the embedded model %s: %v\n", name, err)
		os.Exit(1)
	}
	cobra.OnFinalize(func() { os.RemoveAll(tmp) })
	model := name + "=" + filepath.Join(tmp, dir, filepath.FromSlash(artifact))
	os.Args = append([]string{os.Args[0], "serve", model}, os.Args[1:]...)
}
