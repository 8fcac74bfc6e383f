package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// ortTensor is a tensor as ort.mjs reads and writes it.
type ortTensor struct {
	Name string    `json:"name"`
	Type string    `json:"type"`
	Dims []int     `json:"dims"`
	Data []float64 `json:"data"`
}

type ortRequest struct {
	Model   string        `json:"model"`
	Feeds   [][]ortTensor `json:"feeds"` // the calls cycle through them
	Warmup  int           `json:"warmup"`
	Seconds float64       `json:"seconds"`
}

type ortReply struct {
	TimesNS []int64       `json:"times_ns"`
	Outputs [][]ortTensor `json:"outputs"` // by feed
	Version string        `json:"version"`
	Error   string        `json:"error"`
}

// ortRunner is a running ort.mjs: one Node process that keeps its ONNX
// Runtime sessions across requests.
type ortRunner struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

// startORT starts node on dir/ort.mjs, installing onnxruntime-node from
// dir/package-lock.json first when dir has no node_modules.
func startORT(node, npm, dir string) (*ortRunner, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-node")); errors.Is(err, os.ErrNotExist) {
		// --ignore-scripts: the postinstall script downloads GPU libraries
		// the CPU benchmark does not use.
		install := exec.Command(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund")
		install.Dir, install.Stdout, install.Stderr = dir, os.Stderr, os.Stderr
		if err := install.Run(); err != nil {
			return nil, fmt.Errorf("npm ci in %s: %w", dir, err)
		}
	}
	cmd := exec.Command(node, "ort.mjs")
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s ort.mjs: %w", node, err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<30) // a reply carries every call's time
	return &ortRunner{cmd: cmd, in: in, out: sc}, nil
}

// run sends one request and waits for its reply.
func (r *ortRunner) run(req ortRequest) (ortReply, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return ortReply{}, err
	}
	if _, err := r.in.Write(append(b, '\n')); err != nil {
		return ortReply{}, fmt.Errorf("write to ort.mjs: %w", err)
	}
	if !r.out.Scan() {
		if err := r.out.Err(); err != nil {
			return ortReply{}, fmt.Errorf("read from ort.mjs: %w", err)
		}
		return ortReply{}, errors.New("ort.mjs exited")
	}
	var rep ortReply
	if err := json.Unmarshal(r.out.Bytes(), &rep); err != nil {
		return ortReply{}, fmt.Errorf("ort.mjs reply: %w", err)
	}
	if rep.Error != "" {
		return ortReply{}, fmt.Errorf("onnxruntime: %s", rep.Error)
	}
	return rep, nil
}

// times returns the reply's call times, sorted.
func (rep ortReply) times() []time.Duration {
	d := make([]time.Duration, len(rep.TimesNS))
	for i, ns := range rep.TimesNS {
		d[i] = time.Duration(ns)
	}
	slices.Sort(d)
	return d
}

// close ends the Node process by closing its input.
func (r *ortRunner) close() error {
	r.in.Close()
	return r.cmd.Wait()
}
