package image_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	_ "github.com/slipwayml/slipway/format/sklearn"
	"github.com/slipwayml/slipway/ship/image"
	"github.com/slipwayml/slipway/ship/image/imagetest"
)

var amd64 = v1.Platform{OS: "linux", Architecture: "amd64"}

// compiler is shared by every test: each platform's binary is built once.
var compiler = &image.Compiler{}

// shared holds files that outlive one test, like the model of the index
// that buildIndex keeps.
var shared string

func TestMain(m *testing.M) {
	var err error
	if shared, err = os.MkdirTemp("", "slipway-image-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	compiler.Close()
	os.RemoveAll(shared)
	os.Exit(code)
}

func openExample(t *testing.T) *image.Model {
	t.Helper()
	m, err := image.Open(imagetest.WriteExample(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func build(t *testing.T, opts image.Options) image.Result {
	t.Helper()
	return buildModel(t, openExample(t), opts)
}

func buildModel(t *testing.T, m *image.Model, opts image.Options) image.Result {
	t.Helper()
	if testing.Short() {
		t.Skip("cross-compiles slipway")
	}
	if opts.Compiler == nil {
		opts.Compiler = compiler
	}
	res, err := image.Build(context.Background(), m, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// runnable skips unless this machine runs linux/amd64 binaries.
func runnable(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("runs a linux/amd64 binary")
	}
}

func TestBuildConfig(t *testing.T) {
	m := openExample(t)
	res := build(t, image.Options{})
	cf, err := res.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	checks := []struct {
		what, got, want string
	}{
		{"user", c.User, "65532:65532"},
		{"entrypoint", strings.Join(c.Entrypoint, " "), "/slipway serve iris=/models/iris/iris.pkl"},
		{"platform", cf.OS + "/" + cf.Architecture, "linux/amd64"},
		{"created", cf.Created.UTC().String(), "1970-01-01 00:00:00 +0000 UTC"},
		{"title label", c.Labels["org.opencontainers.image.title"], "iris"},
		{"digest label", c.Labels["ml.slipway.model.digest"], m.Digest},
		{"revision label", c.Labels["org.opencontainers.image.revision"], m.Digest},
		{"format label", c.Labels["ml.slipway.model.format"], "sklearn"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if _, ok := c.ExposedPorts["8080/tcp"]; !ok {
		t.Errorf("exposed ports = %v, want 8080/tcp", c.ExposedPorts)
	}
	if sum := sha256.Sum256(readFile(t, imagetest.WriteExample(t))); m.Digest != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("model digest %s is not the file's sha256", m.Digest)
	}
}

// TestBuildServesModel unpacks the image of a model file and of a bundle,
// runs its entrypoint and checks the predictions.
func TestBuildServesModel(t *testing.T) {
	runnable(t)
	for _, tt := range []struct {
		name string
		path func(t testing.TB) string
	}{
		{"file", imagetest.WriteExample},
		{"bundle", writeBundle},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := image.Open(tt.path(t))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			res := buildModel(t, m, image.Options{})
			root := t.TempDir()
			unpack(t, res.Image, root)
			serveUnpacked(t, res.Image, root)
		})
	}
}

// TestBuildSize checks the compressed size (what a registry stores and a
// node pulls) against the bound of 25 MB.
func TestBuildSize(t *testing.T) {
	res := build(t, image.Options{})
	layers, err := res.Image.Layers()
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, l := range layers {
		n, err := l.Size()
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	t.Logf("compressed image size: %.2f MB in %d layers", float64(total)/1e6, len(layers))
	if total >= 25e6 {
		t.Errorf("compressed image is %d bytes, want < 25 MB", total)
	}
}

// TestBuildReproducible builds the same model twice, each time with a new
// compiler so that slipway is linked again, and compares digests and written
// archives. (Both builds compile the working tree: editing it meanwhile
// makes them differ.)
func TestBuildReproducible(t *testing.T) {
	for _, format := range []image.Format{image.OCI, image.Docker} {
		t.Run(string(format), func(t *testing.T) {
			first, second := &image.Compiler{}, &image.Compiler{}
			defer first.Close()
			defer second.Close()
			a := build(t, image.Options{Format: format, Compiler: first})
			b := build(t, image.Options{Format: format, Compiler: second})
			da, db := digest(t, a), digest(t, b)
			if da != db {
				t.Errorf("two builds of one input: digests %s and %s", da, db)
			}
			t.Logf("digest %s", da)
			var wa, wb bytes.Buffer
			if err := image.Write(&wa, a, format, "iris:latest"); err != nil {
				t.Fatal(err)
			}
			if err := image.Write(&wb, b, format, "iris:latest"); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(wa.Bytes(), wb.Bytes()) {
				t.Error("two builds of one input wrote different archives")
			}
		})
	}
}

func TestBuildRefuses(t *testing.T) {
	m := openExample(t)
	tests := []struct {
		name string
		edit func(*image.Model, *image.Options)
		want string
	}{
		{"bad name", func(m *image.Model, _ *image.Options) { m.Name = "../x" }, "model name"},
		{"bad format", func(_ *image.Model, o *image.Options) { o.Format = "rkt" }, "image format"},
		{"not linux", func(_ *image.Model, o *image.Options) {
			o.Platforms = []v1.Platform{{OS: "windows", Architecture: "amd64"}}
		}, "images are for linux"},
		{"bad variant", func(_ *image.Model, o *image.Options) {
			o.Platforms = []v1.Platform{{OS: "linux", Architecture: "arm", Variant: "v9"}}
		}, "unsupported variant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mm := *m
			opts := image.Options{Compiler: compiler}
			tt.edit(&mm, &opts)
			_, err := image.Build(context.Background(), &mm, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func digest(t *testing.T, r image.Result) v1.Hash {
	t.Helper()
	h, err := r.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// unpack writes img's flattened file system under root, checking that it
// holds only folders and regular files owned by root.
func unpack(t *testing.T, img v1.Image, root string) {
	t.Helper()
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Uid != 0 || hdr.Gid != 0 || !hdr.ModTime.Equal(hdr.ModTime.UTC()) || hdr.ModTime.Unix() != 0 {
			t.Errorf("%s: owner %d:%d, time %v; want 0:0 at the epoch", hdr.Name, hdr.Uid, hdr.Gid, hdr.ModTime)
		}
		p := filepath.Join(root, filepath.FromSlash(hdr.Name))
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, hdr.FileInfo().Mode().Perm()); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("%s: unexpected entry type %c", hdr.Name, hdr.Typeflag)
		}
	}
}

// serveUnpacked runs the entrypoint of img's config with its file system
// unpacked at root, and checks its prediction.
func serveUnpacked(t *testing.T, img v1.Image, root string) {
	t.Helper()
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	args := make([]string, 0, len(cf.Config.Entrypoint))
	for _, a := range cf.Config.Entrypoint[1:] {
		args = append(args, strings.Replace(a, "=/", "="+root+"/", 1))
	}
	url := imagetest.Serve(t, filepath.Join(root, cf.Config.Entrypoint[0]), nil, args...)
	imagetest.CheckPrediction(t, url)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
