package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

// env is the Python side's versions, as scripts/bench_sklearn.py reports them.
type env struct {
	Python  string `json:"python"`
	Sklearn string `json:"sklearn_version"`
	Numpy   string `json:"numpy_version"`
}

// sklearnRun is scripts/bench_sklearn.py's output.
type sklearnRun struct {
	env
	Models []sklearnModel `json:"models"`
}

type sklearnModel struct {
	Model string `json:"model"`
	Class string `json:"class"`
	latency
}

func (r sklearnRun) byModel(name string) (sklearnModel, bool) {
	for _, m := range r.Models {
		if m.Model == name {
			return m, true
		}
	}
	return sklearnModel{}, false
}

// runSklearn times scikit-learn on the same model files with script.
func runSklearn(python, script string, budget time.Duration, models []cases.Model) (sklearnRun, error) {
	args := []string{script, "--seconds", strconv.FormatFloat(budget.Seconds(), 'f', -1, 64)}
	for _, m := range models {
		args = append(args, m.Path)
	}
	cmd := exec.Command(python, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return sklearnRun{}, fmt.Errorf("%s %s: %w", python, script, err)
	}
	var r sklearnRun
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return sklearnRun{}, fmt.Errorf("%s output: %w", script, err)
	}
	return r, nil
}
