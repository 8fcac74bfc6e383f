package registry_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/example"
	_ "github.com/slipwayml/slipway/format/install"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/serve"
)

func newRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := registry.Open(t.Context(), registry.Config{Location: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	reg.Replay = serve.PredictOffline
	t.Cleanup(func() { reg.Close() })
	return reg
}

// irisBundle packages the example model with scikit-learn's recorded
// probabilities for the example request (example/expected.json) and returns
// the bundle's bytes.
func irisBundle(t *testing.T) []byte {
	t.Helper()
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../example/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		PredictProba json.RawMessage `json:"predict_proba"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, err = bundle.Create(t.Context(), &buf, modelPath, bundle.Options{
		Name:   "iris",
		Replay: serve.PredictOffline,
		Examples: []bundle.Example{{
			Name: "proba", Request: example.Request, Method: "predict_proba",
			Response: json.RawMessage(`{"predictions":` + string(want.PredictProba) + `}`),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bundle.slip")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// rewrite replaces one file of a bundle and updates its digest in the
// manifest, as a buggy or dishonest packager could.
func rewrite(t *testing.T, raw []byte, path string, edit func([]byte) []byte) []byte {
	t.Helper()
	type file struct {
		name string
		body []byte
	}
	var files []file
	tr := tar.NewReader(bytes.NewReader(raw))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if h.Name == path {
			body = edit(body)
		}
		files = append(files, file{h.Name, body})
	}
	var man bundle.Manifest
	if err := json.Unmarshal(files[0].body, &man); err != nil {
		t.Fatal(err)
	}
	for i, f := range man.Files {
		if f.Path == path {
			for _, e := range files {
				if e.name == path {
					sum := sha256.Sum256(e.body)
					man.Files[i].SHA256, man.Files[i].Size = hex.EncodeToString(sum[:]), int64(len(e.body))
				}
			}
		}
	}
	files[0].body, _ = json.Marshal(man)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		tw.WriteHeader(&tar.Header{Name: f.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(f.body))})
		tw.Write(f.body)
	}
	tw.Close()
	return buf.Bytes()
}

func TestPushPull(t *testing.T) {
	reg := newRegistry(t)
	path := writeFile(t, irisBundle(t))
	v, err := reg.Push(t.Context(), path, registry.PushOptions{
		Alias: "production", Tags: map[string]string{"stage": "test"}, Actor: "alice"})
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	if v.Version != 1 || !v.Validated || v.Examples != 1 || v.Framework != "scikit-learn" || v.Tags["stage"] != "test" {
		t.Errorf("pushed %+v", v)
	}
	if v2, err := reg.Push(t.Context(), path, registry.PushOptions{Name: "iris-copy", Actor: "alice"}); err != nil || v2.Model != "iris-copy" || v2.Digest != v.Digest {
		t.Errorf("push under another name = %+v, %v; want the same blob", v2, err)
	}
	dir := filepath.Join(t.TempDir(), "pulled")
	got, err := reg.Pull(t.Context(), "iris", "production", dir)
	if err != nil || got.Version != 1 {
		t.Fatalf("pull iris@production = %+v, %v", got, err)
	}
	pkl, err := os.ReadFile(filepath.Join(dir, "model", "iris.pkl"))
	if err != nil || !bytes.Equal(pkl, example.Model) {
		t.Errorf("pulled model differs from the pushed one (%v)", err)
	}
	var man bundle.Manifest
	b, _ := os.ReadFile(filepath.Join(dir, bundle.ManifestPath))
	if err := json.Unmarshal(b, &man); err != nil || man.Version != 1 || man.Name != "iris" {
		t.Errorf("pulled manifest: version %d, name %q, err %v", man.Version, man.Name, err)
	}
}

func TestGateRefuses(t *testing.T) {
	good := irisBundle(t)
	for _, tt := range []struct {
		name, want string
		raw        []byte
	}{
		{"wrong recorded output", `example "proba": predictions[0][0] = 0.9846947466018541, recorded 0.5`,
			rewrite(t, good, bundle.ExamplesPath, func(b []byte) []byte {
				return bytes.Replace(b, []byte("0.9846947466018541"), []byte("0.5"), 1)
			})},
		{"format differs from the manifest", "the manifest says format onnx, the artifact is sklearn",
			rewrite(t, good, bundle.ManifestPath, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"format": "sklearn"`), []byte(`"format": "onnx"`), 1)
			})},
		{"model does not load", "load sklearn model",
			rewrite(t, good, "model/iris.pkl", func(b []byte) []byte { return b[:len(b)/2] })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(t)
			_, err := reg.Push(t.Context(), writeFile(t, tt.raw), registry.PushOptions{Actor: "alice"})
			var ge *registry.GateError
			if !errors.As(err, &ge) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("push: err = %v, want a gate error containing %q", err, tt.want)
			}
			if ms, _ := reg.Store.Models(t.Context()); len(ms) != 0 {
				t.Errorf("a refused push left models %v", ms)
			}
		})
	}
}

func TestPushRefusesTamperedBundle(t *testing.T) {
	// Change a statistic without updating its digest.
	tampered := bytes.Replace(irisBundle(t), []byte(`"count": 3`), []byte(`"count": 4`), 1)
	reg := newRegistry(t)
	_, err := reg.Push(t.Context(), writeFile(t, tampered), registry.PushOptions{Actor: "alice"})
	if !errors.Is(err, bundle.ErrInvalid) {
		t.Errorf("push of a tampered bundle: err = %v, want ErrInvalid", err)
	}
}

func TestVerify(t *testing.T) {
	reg := newRegistry(t)
	dir := t.TempDir()
	reg.Blobs, _ = registry.OpenBlobs(dir)
	v, err := reg.Push(t.Context(), writeFile(t, irisBundle(t)), registry.PushOptions{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := reg.Verify(t.Context()); err != nil || len(problems) != 0 {
		t.Fatalf("verify of a healthy registry = %v, %v", problems, err)
	}
	blob := filepath.Join(dir, "sha256", strings.TrimPrefix(v.Digest, "sha256:"))
	b, _ := os.ReadFile(blob)
	b[len(b)/2] ^= 1
	os.Chmod(blob, 0o644) // blobs are stored read-only
	if err := os.WriteFile(blob, b, 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := reg.Verify(t.Context())
	if err != nil || len(problems) != 1 || !errors.Is(problems[0], registry.ErrDigest) {
		t.Errorf("verify after flipping a bit = %v, %v; want one ErrDigest", problems, err)
	}
	if _, err := reg.Pull(t.Context(), "iris", "1", t.TempDir()); !errors.Is(err, registry.ErrDigest) {
		t.Errorf("pull of a corrupted blob: err = %v, want ErrDigest", err)
	}
	os.Remove(blob)
	problems, _ = reg.Verify(t.Context())
	if len(problems) != 1 || !errors.Is(problems[0], registry.ErrNotFound) {
		t.Errorf("verify after deleting the blob = %v, want one ErrNotFound", problems)
	}
}

func TestBlobs(t *testing.T) {
	blobs, err := registry.OpenBlobs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// sha256("hello\n"), as sha256sum prints it.
	const hello = "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
	d, n, err := blobs.Put(strings.NewReader("hello\n"))
	if err != nil || d != hello || n != 6 {
		t.Fatalf("put = %s, %d, %v; want %s, 6", d, n, err, hello)
	}
	f, err := blobs.Open(d)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "hello\n" {
		t.Errorf("blob = %q", b)
	}
	for _, bad := range []string{
		"sha256:../../etc/passwd",
		"sha256:" + strings.Repeat("A", 64),
		"md5:d41d8cd98f00b204e9800998ecf8427e",
		hello + "/..",
	} {
		if _, err := blobs.Open(bad); !errors.Is(err, registry.ErrInvalid) {
			t.Errorf("open %q: err = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := blobs.Open("sha256:" + strings.Repeat("0", 64)); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("open of a missing blob: err = %v, want ErrNotFound", err)
	}
}

func TestParseRef(t *testing.T) {
	for _, tt := range []struct{ in, model, ref string }{
		{"iris", "iris", "latest"},
		{"iris@3", "iris", "3"},
		{"iris@production", "iris", "production"},
	} {
		m, r, err := registry.ParseRef(tt.in)
		if err != nil || m != tt.model || r != tt.ref {
			t.Errorf("ParseRef(%q) = %q, %q, %v", tt.in, m, r, err)
		}
	}
	for _, bad := range []string{"", "iris@", "@3", "a/b@1"} {
		if _, _, err := registry.ParseRef(bad); !errors.Is(err, registry.ErrInvalid) {
			t.Errorf("ParseRef(%q): err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestOpenPostgresNeedsBlobs(t *testing.T) {
	_, err := registry.Open(context.Background(), registry.Config{Location: "postgres://localhost/x"})
	if err == nil || !strings.Contains(err.Error(), "blob folder") {
		t.Errorf("open without --blobs: err = %v", err)
	}
}
