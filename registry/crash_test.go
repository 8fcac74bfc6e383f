package registry_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/serve"
)

// pushLoopEnv makes the test binary push forever into the registry it names;
// TestKilledPushes kills such a process at arbitrary moments.
const pushLoopEnv = "SLIPWAY_TEST_PUSH_LOOP"

func TestMain(m *testing.M) {
	if dir := os.Getenv(pushLoopEnv); dir != "" {
		pushLoop(dir)
	}
	os.Exit(m.Run())
}

func pushLoop(dir string) {
	ctx := context.Background()
	bundlePath := os.Getenv(pushLoopEnv + "_BUNDLE")
	reg, err := registry.Open(ctx, registry.Config{Location: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	reg.Replay = serve.PredictOffline
	for {
		v, err := reg.Push(ctx, bundlePath, registry.PushOptions{Alias: "production", Actor: "loop"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := reg.Store.SetAlias(ctx, "iris", "staging", v.Version, "loop"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

// TestKilledPushes kills pushing processes with SIGKILL at varied moments
// and checks the registry is whole afterwards: versions 1..latest each with
// a sound blob and a push event, aliases on existing versions.
func TestKilledPushes(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	bundlePath := writeFile(t, irisBundle(t))
	for i := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		// A killed push leaves its scratch folder; keep those in t's.
		cmd.Env = append(os.Environ(), pushLoopEnv+"="+dir, pushLoopEnv+"_BUNDLE="+bundlePath, "TMPDIR="+t.TempDir())
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+37*i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}
	reg, err := registry.Open(t.Context(), registry.Config{Location: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	vs, err := reg.Store.Versions(t.Context(), "iris")
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := reg.Store.Models(t.Context())
	if len(vs) == 0 || len(ms) != 1 || ms[0].Latest != len(vs) {
		t.Fatalf("%d versions, models %+v", len(vs), ms)
	}
	for i, v := range vs {
		if v.Version != i+1 {
			t.Fatalf("version %d at position %d", v.Version, i)
		}
	}
	if problems, err := reg.Verify(t.Context()); err != nil || len(problems) != 0 {
		t.Errorf("verify: %v, %v", problems, err)
	}
	as, err := reg.Store.Aliases(t.Context(), "iris")
	if err != nil || len(as) == 0 {
		t.Fatalf("aliases = %v, %v", as, err)
	}
	for _, a := range as {
		if a.Version < 1 || a.Version > len(vs) {
			t.Errorf("alias %s points at version %d of %d", a.Alias, a.Version, len(vs))
		}
	}
	events, err := reg.Store.Log(t.Context(), registry.LogQuery{Model: "iris"})
	if err != nil {
		t.Fatal(err)
	}
	pushes := 0
	for _, e := range events {
		if e.Action == registry.ActionPush {
			pushes++
		}
	}
	if pushes != len(vs) {
		t.Errorf("%d push events for %d versions", pushes, len(vs))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "blobs", "sha256", ".tmp-*"))
	t.Logf("%d versions survived 6 kills; %d interrupted blob writes left behind", len(vs), len(leftovers))
}
