package image_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/slipwayml/slipway/ship/image"
)

func TestPush(t *testing.T) {
	testPush(t, func(t *testing.T) image.Result { return build(t, image.Options{}) })
}

// testPush pushes what build returns to the in-process registry and to
// Debian's docker-registry, and pulls it back.
func testPush(t *testing.T, build func(*testing.T) image.Result) {
	registries := []struct {
		name  string
		start func(t *testing.T) (host string)
	}{
		{"in-process", func(t *testing.T) string {
			s := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
			t.Cleanup(s.Close)
			return strings.TrimPrefix(s.URL, "http://")
		}},
		{"docker-registry", startDockerRegistry},
	}
	res := build(t)
	for _, r := range registries {
		t.Run(r.name, func(t *testing.T) {
			ref := r.start(t) + "/slipway/iris:v1"
			updates := make(chan v1.Update, 8)
			var bar bytes.Buffer
			drawn := make(chan error)
			go func() { drawn <- image.Progress(&bar, updates) }()
			if err := image.Push(context.Background(), res, ref, updates); err != nil {
				t.Fatal(err)
			}
			if err := <-drawn; err != nil {
				t.Errorf("progress reported %v", err)
			}
			if !strings.Contains(bar.String(), "100.0%") {
				t.Errorf("progress bar never reached 100%%:\n%q", bar.String())
			}
			parsed, err := name.ParseReference(ref)
			if err != nil {
				t.Fatal(err)
			}
			desc, err := remote.Get(parsed)
			if err != nil {
				t.Fatal(err)
			}
			if want := digest(t, res); desc.Digest != want {
				t.Errorf("registry has %s, pushed %s", desc.Digest, want)
			}
		})
	}
}

func TestPushRefusesBadReference(t *testing.T) {
	updates := make(chan v1.Update)
	err := image.Push(context.Background(), image.Result{}, "Not A Ref", updates)
	if err == nil {
		t.Fatal("Push accepted a malformed reference")
	}
	if _, open := <-updates; open {
		t.Error("Push left the progress channel open")
	}
}

// startDockerRegistry starts Debian's docker-registry (the CNCF distribution
// registry) on a free port with storage in a temporary folder.
func startDockerRegistry(t *testing.T) string {
	bin, err := exec.LookPath("docker-registry")
	if err != nil {
		t.Skip("docker-registry not installed (apt-get install docker-registry)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	config := fmt.Sprintf("version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n", filepath.Join(dir, "data"), addr)
	cfgPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", cfgPath)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("docker-registry output:\n%s", logs.Bytes())
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/v2/"); err == nil {
			resp.Body.Close()
			return addr
		}
	}
	t.Fatalf("docker-registry did not start on %s", addr)
	return ""
}
