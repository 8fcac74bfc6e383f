// Package imagetest runs shipped slipway binaries in tests and checks that
// they serve the bundled example model as scikit-learn predicted it.
package imagetest

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/slipwayml/slipway/example"
)

// WriteExample writes the example model (iris.pkl, recorded by
// scripts/gen_example.py) into a new temporary folder and returns its path.
func WriteExample(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), example.Name+".pkl")
	if err := os.WriteFile(path, example.Model, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Serve starts bin with args plus --addr on a free local port and only the
// environment env, as in an empty container, waits until it is ready, and
// returns its base URL. At cleanup the process gets SIGTERM, as a container
// runtime sends, and is waited for.
func Serve(t testing.TB, bin string, env []string, args ...string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append(args, "--addr", addr)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Env = append([]string{}, env...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), logs.Bytes())
		}
	})
	url := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(url + "/v2/health/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
	}
	t.Fatalf("%s did not become ready at %s", bin, url)
	return ""
}

// CheckPrediction posts the example request to url's plain /predict route
// and compares the labels with the ones scikit-learn predicted.
func CheckPrediction(t testing.TB, url string) {
	t.Helper()
	resp, err := http.Post(url+"/predict", "application/json", bytes.NewReader(example.Request))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Prediction []string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode prediction (HTTP %d): %v", resp.StatusCode, err)
	}
	var want struct{ Predict []string }
	if err := json.Unmarshal(expected(t), &want); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Prediction, want.Predict) {
		t.Errorf("prediction = %q, scikit-learn predicted %q", got.Prediction, want.Predict)
	}
}

// expected reads example/expected.json, scikit-learn's outputs for the
// example request, which the example package does not embed.
func expected(t testing.TB) []byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "..", "example", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Untar extracts the folders and regular files of the tar at archive (an
// OCI layout written by image.Write) into dir.
func Untar(t testing.TB, archive, dir string) {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeReg:
			var b []byte
			if b, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(p, b, 0o644)
			}
		default:
			t.Fatalf("%s: unexpected entry type %c", hdr.Name, hdr.Typeflag)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
