package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// family decides the acceptance target of a model.
type family int

const (
	classic family = iota // ai.onnx.ml scorers: must beat ONNX Runtime
	neural                // CNNs, transformers, RNNs: within maxNeural of it
	floor                 // an Identity: the cost of a call, no target
)

// The targets of issue 4, as Slipway's time over ONNX Runtime's.
const (
	maxClassic = 1.0
	maxNeural  = 3.0
	goalNeural = 1.5
)

func (f family) String() string { return [...]string{"classic ML", "neural", "floor"}[f] }

// target is the highest Slipway/ONNX Runtime time ratio that passes.
func (f family) target() (float64, bool) {
	switch f {
	case classic:
		return maxClassic, true
	case neural:
		return maxNeural, true
	}
	return 0, false
}

// spec is one benchmark model, its path relative to the repository root.
type spec struct {
	name   string
	path   string
	family family
}

// genDir holds the bench-size models bench/onnxrt/gen_models.py writes.
const genDir = "bench/onnxrt/models"

// specs lists the models in table order: the scikit-learn test models of
// testdata/onnx (a few features, a few trees), then the bench-size ones.
func specs() []spec {
	var s []spec
	for _, n := range []string{
		"ml_linear_classifier", "ml_linear_regressor", "ml_svm_classifier", "ml_svm_regressor",
		"ml_tree_ensemble_classifier", "ml_tree_ensemble_classifier_binary", "ml_tree_ensemble_regressor",
	} {
		s = append(s, spec{n, filepath.Join("testdata/onnx", n, "model.onnx"), classic})
	}
	gen := func(n string, f family) spec { return spec{n, filepath.Join(genDir, n+".onnx"), f} }
	return append(s,
		gen("floor_identity", floor),
		gen("linear_classifier", classic), gen("linear_regressor", classic),
		gen("svm_classifier", classic), gen("svm_regressor", classic),
		gen("rf100_classifier", classic), gen("rf100_regressor", classic), gen("gbm100_classifier", classic),
		gen("mlp_784_512_512_10", neural), gen("resnet_3x64x64", neural),
		gen("transformer_d128_l2_s32", neural), gen("lstm_h128_s32", neural),
	)
}

// selectSpecs returns the specs named in the comma-separated list, all
// when it is empty.
func selectSpecs(all []spec, list string) ([]spec, error) {
	if list == "" {
		return all, nil
	}
	var out []spec
	for _, name := range strings.Split(list, ",") {
		i := slices.IndexFunc(all, func(s spec) bool { return s.name == name })
		if i < 0 {
			return nil, fmt.Errorf("unknown model %q", name)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// generate runs gen_models.py when a bench-size model is missing.
func generate(root, python string, specs []spec) error {
	for _, s := range specs {
		if !strings.HasPrefix(s.path, genDir) {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, s.path)); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		cmd := exec.Command(python, filepath.Join(root, "bench/onnxrt/gen_models.py"), "--out", filepath.Join(root, genDir))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s gen_models.py: %w", python, err)
		}
		return nil
	}
	return nil
}
