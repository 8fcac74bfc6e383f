package deploy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/deploy"
	_ "github.com/slipwayml/slipway/format/install"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/registry/registrytest"
	"github.com/slipwayml/slipway/runtime"
	"github.com/slipwayml/slipway/serve"
)

// backends opens a fresh registry on every store the machine has: SQLite
// always, PostgreSQL when SLIPWAY_TEST_POSTGRES is set.
var backends = []struct {
	name string
	cfg  func(t *testing.T) registry.Config
}{
	{"sqlite", func(t *testing.T) registry.Config { return registry.Config{Location: t.TempDir()} }},
	{"postgres", func(t *testing.T) registry.Config {
		return registry.Config{Location: registrytest.PostgresDSN(t), Blobs: t.TempDir()}
	}},
}

// openRegistry opens cfg's registry as another process would.
func openRegistry(t *testing.T, cfg registry.Config) *registry.Registry {
	t.Helper()
	reg, err := registry.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	reg.Replay = serve.PredictOffline
	t.Cleanup(func() { reg.Close() })
	return reg
}

// pushVersion packages testdata/v{n}.pkl with the examples scikit-learn
// answered (scripts/gen_deploy.py) and pushes it as model "lin".
func pushVersion(t *testing.T, reg *registry.Registry, n int) registry.Version {
	t.Helper()
	examples, err := bundle.ReadExamples(fmt.Sprintf("testdata/v%d.examples.json", n))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lin.slip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bundle.Create(t.Context(), f, fmt.Sprintf("testdata/v%d.pkl", n),
		bundle.Options{Name: "lin", Examples: examples, Replay: serve.PredictOffline})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Push(t.Context(), path, registry.PushOptions{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// want is what each version answers for the request the load sends (the
// first row of its examples), as scikit-learn recorded it.
var want = map[string]float64{"1": 2.5, "2": 0.7499999999999996}

const inferBody = `{"inputs":[{"name":"input","shape":[1,2],"datatype":"FP64","data":[0.5,0.5]}]}`

// tally counts what the load saw.
type tally struct {
	ok, failed, wrong atomic.Int64
	last              atomic.Value // the version of the latest answer
	firstErr          atomic.Value
}

// hammer sends inferences on conns connections until ctx is done.
func hammer(ctx context.Context, url string, conns int, tl *tally) *sync.WaitGroup {
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns}}
	for range conns {
		wg.Go(func() {
			for ctx.Err() == nil {
				version, value, err := infer(client, url)
				switch {
				case err != nil:
					tl.failed.Add(1)
					tl.firstErr.CompareAndSwap(nil, err.Error())
				case want[version] != value:
					tl.wrong.Add(1)
					tl.firstErr.CompareAndSwap(nil, fmt.Sprintf("version %s answered %v, want %v", version, value, want[version]))
				default:
					tl.ok.Add(1)
					tl.last.Store(version)
				}
			}
		})
	}
	return &wg
}

func infer(client *http.Client, url string) (version string, value float64, err error) {
	resp, err := client.Post(url+"/v2/models/lin/infer", "application/json", bytes.NewBufferString(inferBody))
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	var body struct {
		ModelVersion string `json:"model_version"`
		Outputs      []struct {
			Data []float64 `json:"data"`
		} `json:"outputs"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return "", 0, err
	}
	if resp.StatusCode != http.StatusOK || len(body.Outputs) != 1 || len(body.Outputs[0].Data) != 1 {
		return "", 0, fmt.Errorf("status %d: %+v", resp.StatusCode, body)
	}
	return body.ModelVersion, body.Outputs[0].Data[0], nil
}

// TestSwapUnderLoad moves an alias back and forth 20 times, from a second
// registry connection as `slipway alias` would, while 16 connections
// infer without pause: every answer must be a 200 from the version it
// names, and the answers must follow the alias.
func TestSwapUnderLoad(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			admin := openRegistry(t, cfg)
			pushVersion(t, admin, 1)
			pushVersion(t, admin, 2)
			if err := admin.Store.SetAlias(t.Context(), "lin", "production", 1, "test"); err != nil {
				t.Fatal(err)
			}

			rt := runtime.New(runtime.Options{})
			d, err := deploy.New(openRegistry(t, cfg), rt, deploy.Options{
				Targets: []deploy.Target{{Model: "lin", Alias: "production"}},
				Poll:    10 * time.Millisecond,
				Replay:  serve.PredictOffline,
				Dir:     t.TempDir(),
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			if err := d.Start(ctx); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { d.Run(ctx); close(done) }()
			srv, err := serve.New(serve.Default(), rt, nil)
			if err != nil {
				t.Fatal(err)
			}
			hs := httptest.NewServer(srv.Handler())
			defer hs.Close()

			var tl tally
			load, stop := context.WithCancel(ctx)
			wg := hammer(load, hs.URL, 16, &tl)
			var worst, total time.Duration
			const moves = 20
			for i := range moves {
				to := 2 - i%2
				start := time.Now()
				if err := admin.Store.SetAlias(t.Context(), "lin", "production", to, "test"); err != nil {
					t.Fatal(err)
				}
				for tl.last.Load() != fmt.Sprint(to) {
					if time.Since(start) > 10*time.Second {
						t.Fatalf("move %d: answers still from version %v 10s after the alias moved to %d", i, tl.last.Load(), to)
					}
					time.Sleep(time.Millisecond)
				}
				took := time.Since(start)
				worst, total = max(worst, took), total+took
				time.Sleep(20 * time.Millisecond) // let requests run on each side
			}
			stop()
			wg.Wait()
			cancel()
			<-done
			t.Logf("%d requests, %d failed, %d mis-versioned; alias move to new answers: mean %v, worst %v",
				tl.ok.Load(), tl.failed.Load(), tl.wrong.Load(), total/moves, worst)
			if tl.failed.Load() != 0 || tl.wrong.Load() != 0 {
				t.Errorf("%d failed and %d mis-versioned requests, first: %v", tl.failed.Load(), tl.wrong.Load(), tl.firstErr.Load())
			}
		})
	}
}
