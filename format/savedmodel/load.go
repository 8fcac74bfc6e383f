package savedmodel

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	model.Register(model.Format{
		Name: "savedmodel",
		Detect: func(path string, _ []byte, isDir bool) bool {
			if !isDir {
				return false
			}
			_, err := resolveDir(path)
			return err == nil
		},
		Load:        func(ctx context.Context, path string) (model.Model, error) { return Load(ctx, path, Options{}) },
		Versions:    versionNames,
		LoadVersion: loadVersion,
	})
}

// DefaultInitTimeout bounds the graph work of a load when
// Options.InitTimeout is zero.
const DefaultInitTimeout = 60 * time.Second

// Options configure Load; the zero value loads the "serve" MetaGraphDef.
type Options struct {
	// Tags selects the MetaGraphDef with exactly this tag set. Nil means
	// {ServeTag}; an empty non-nil slice selects a MetaGraphDef without
	// tags.
	Tags []string
	// InitTimeout bounds restoring the variables and running the init
	// op, which a hostile model can make loop; zero means
	// DefaultInitTimeout. The caller's ctx applies as well.
	InitTimeout time.Duration
}

// Load reads the SavedModel in dir, or, when dir holds TensorFlow Serving
// version folders, the highest version. It restores the variables, checks
// that every signature's ops have kernels, and fails when the default
// signature cannot run.
func Load(ctx context.Context, dir string, opts Options) (*Model, error) {
	dir, err := resolveDir(dir)
	if err != nil {
		return nil, err
	}
	sm, err := readSavedModel(dir)
	if err != nil {
		return nil, err
	}
	tags := opts.Tags
	if tags == nil {
		tags = []string{ServeTag}
	}
	mg, err := selectMetaGraph(sm, tags)
	if err != nil {
		return nil, err
	}
	timeout := opts.InitTimeout
	if timeout <= 0 {
		timeout = DefaultInitTimeout
	}
	initCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	m, err := newModel(initCtx, dir, mg)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return nil, fmt.Errorf("%w (the init timeout is %v)", err, timeout)
	}
	if err != nil {
		return nil, err
	}
	m.tags = tags
	return m, nil
}

func newModel(ctx context.Context, dir string, mg *tfpb.MetaGraphDef) (*Model, error) {
	lib, err := newLibrary(mg.GetGraphDef().GetLibrary())
	if err != nil {
		return nil, err
	}
	g, err := newGraph("", mg.GetGraphDef().GetNode(), nil)
	if err != nil {
		return nil, err
	}
	s := &session{lib: lib, dir: dir}
	prefix := filepath.Join(dir, "variables", "variables")
	if _, err := os.Stat(prefix + ".index"); err == nil {
		if s.bundle, err = OpenBundle(prefix); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := s.restore(ctx, g, mg, prefix); err != nil {
		return nil, fmt.Errorf("restore variables: %w", err)
	}
	assets, err := assetFeeds(g, dir, mg.GetAssetFileDef())
	if err != nil {
		return nil, err
	}
	if err := s.initialize(ctx, g, mg, assets); err != nil {
		return nil, fmt.Errorf("run init op: %w", err)
	}
	m := &Model{s: s, g: g, dir: dir, assets: assets, sigs: map[string]*signature{}, defs: mg.GetSignatureDef(), tfVersion: mg.GetMetaInfoDef().GetTensorflowVersion()}
	m.runnable = map[string]model.Signature{}
	for name, def := range mg.GetSignatureDef() {
		if name == initSignature {
			continue
		}
		sig := s.newSignature(g, def, assets)
		m.sigs[name] = sig
		if sig.err == nil {
			m.runnable[name] = sig.spec
		}
	}
	m.def = DefaultSignature
	if _, ok := m.sigs[m.def]; !ok && len(m.sigs) == 1 {
		for name := range m.sigs {
			m.def = name
		}
	}
	if sig, ok := m.sigs[m.def]; ok && sig.err != nil {
		return nil, fmt.Errorf("signature %s: %w", m.def, sig.err)
	}
	return m, nil
}

// restore assigns the variables from the bundle: through the object
// graph for a TF2 model (restoreObjects), else by running the saver's
// restore op with the checkpoint prefix fed, as TensorFlow's TF1 loader
// does. The restore op is checked either way, so a broken one fails the
// load as it does in TensorFlow Serving.
func (s *session) restore(ctx context.Context, g *graph, mg *tfpb.MetaGraphDef, prefix string) error {
	saver := mg.GetSaverDef()
	if s.bundle == nil || saver.GetRestoreOpName() == "" {
		return nil
	}
	op, ok := g.byName[saver.GetRestoreOpName()]
	if !ok {
		return fmt.Errorf("restore op %q: no such node", saver.GetRestoreOpName())
	}
	file, err := g.tensorRef(saver.GetFilenameTensorName())
	if err != nil {
		return fmt.Errorf("saver filename: %w", err)
	}
	name, err := tensor.New([]int{}, []string{prefix})
	if err != nil {
		return err
	}
	feeds := map[endpoint]value{file: tensorValue(name)}
	// An op Slipway lacks matters only if the restore op runs.
	checkErr := s.check(g, feeds, nil, []*node{op}, map[*graph]bool{})
	if checkErr != nil && !errors.Is(checkErr, ErrUnsupported) {
		return checkErr
	}
	if restored, err := s.restoreObjects(ctx, g, mg.GetObjectGraphDef()); restored || err != nil {
		return err
	}
	if checkErr != nil {
		return checkErr
	}
	_, err = s.run(ctx, g, feeds, nil, []*node{op}, 0)
	return err
}

// initialize runs the model's init op (lookup table initializers, say):
// the TF2 init signature, else TF1's main op, else its legacy init op.
func (s *session) initialize(ctx context.Context, g *graph, mg *tfpb.MetaGraphDef, assets map[endpoint]value) error {
	var name string
	if sig, ok := mg.GetSignatureDef()[initSignature]; ok {
		name = sig.GetOutputs()[initSignature].GetName()
	} else {
		for _, key := range []string{"saved_model_main_op", "legacy_init_op"} {
			if ops := mg.GetCollectionDef()[key].GetNodeList().GetValue(); len(ops) > 0 {
				name = ops[0]
				break
			}
		}
	}
	if name == "" {
		return nil
	}
	e, err := g.tensorRef(strings.TrimPrefix(name, "^"))
	if err != nil {
		return err
	}
	_, err = s.checkRun(ctx, g, assets, nil, []*node{e.node})
	return err
}
