package edge_test

import (
	"context"
	"debug/elf"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	_ "github.com/slipwayml/slipway/format/sklearn"
	"github.com/slipwayml/slipway/ship/edge"
	"github.com/slipwayml/slipway/ship/image"
	"github.com/slipwayml/slipway/ship/image/imagetest"
)

type platformTest struct {
	platform v1.Platform
	machine  elf.Machine
}

// platforms are those TestBuild builds for; crossbuild_test.go adds arm64.
var platforms = []platformTest{
	{v1.Platform{OS: "linux", Architecture: "amd64"}, elf.EM_X86_64},
}

func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles slipway")
	}
	c := &image.Compiler{}
	defer c.Close()
	m, err := image.Open(imagetest.WriteExample(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range platforms {
		t.Run(tt.platform.Architecture, func(t *testing.T) {
			bin, err := edge.Build(context.Background(), c, m, tt.platform)
			if err != nil {
				t.Fatal(err)
			}
			f, err := elf.Open(bin)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Machine != tt.machine {
				t.Errorf("machine = %v, want %v", f.Machine, tt.machine)
			}
			if interp := f.Section(".interp"); interp != nil {
				t.Error("binary has an ELF interpreter: it is not static")
			}
			if runtime.GOOS+"/"+runtime.GOARCH != tt.platform.String() {
				return
			}
			// Alone in an empty folder, with no environment but TMPDIR, it
			// serves the model it embeds.
			alone := filepath.Join(t.TempDir(), "iris-server")
			b, err := os.ReadFile(bin)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(alone, b, 0o755); err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			t.Cleanup(func() {
				// Runs after the server stopped: it removed its copy of the model.
				if left, _ := os.ReadDir(tmp); len(left) > 0 {
					t.Errorf("the stopped server left %s in its TMPDIR", left[0].Name())
				}
			})
			imagetest.CheckPrediction(t, imagetest.Serve(t, alone, []string{"TMPDIR=" + tmp}))
		})
	}
}
