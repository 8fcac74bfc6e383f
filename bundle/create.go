package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"time"

	"github.com/slipwayml/slipway/model"
)

// Options says what to package besides the model. Name is required; Replay
// is required when there are examples.
type Options struct {
	Name     string
	Examples []Example
	Replay   Replay
	Creator  string
	Tags     map[string]string
	// Created defaults to the current time.
	Created time.Time
}

// Create packages the model at modelPath (a file or folder) and writes the
// bundle to w. It loads the model, replays the examples (recording the
// responses of those that have none, checking the others) and summarises
// their inputs. Everything but Created is deterministic: entries are sorted,
// times and owners zeroed.
func Create(ctx context.Context, w io.Writer, modelPath string, opts Options) (*Manifest, error) {
	if !ValidName(opts.Name) {
		return nil, fmt.Errorf("package: invalid model name %q (letters, digits, '.', '_', '-')", opts.Name)
	}
	format, err := model.Detect(modelPath)
	if err != nil {
		return nil, fmt.Errorf("package: %w", err)
	}
	m, err := format.Load(ctx, modelPath)
	if err != nil {
		return nil, fmt.Errorf("package: load %s model %s: %w", format.Name, modelPath, err)
	}
	examples, stats, err := record(ctx, m, opts.Examples, opts.Replay)
	if err != nil {
		return nil, fmt.Errorf("package: %w", err)
	}
	man := &Manifest{
		Name:      opts.Name,
		Format:    format.Name,
		Signature: SignatureOf(m.Signature()),
		Created:   opts.Created,
		Creator:   opts.Creator,
		Tags:      opts.Tags,
	}
	if man.Created.IsZero() {
		man.Created = time.Now().UTC()
	}
	if d, ok := m.(model.Describer); ok {
		desc := d.Describe()
		man.Framework, man.FrameworkVersion = desc.Framework, desc.FrameworkVersion
	}
	entries, artifact, err := artifactEntries(modelPath)
	if err != nil {
		return nil, fmt.Errorf("package: %w", err)
	}
	man.Artifact = artifact
	if len(examples) > 0 {
		entries = append(entries, jsonEntry(ExamplesPath, examples), jsonEntry(StatsPath, stats))
	}
	if err := writeTar(w, man, entries); err != nil {
		return nil, fmt.Errorf("package: %w", err)
	}
	return man, nil
}

// record replays the examples on m, fills in missing responses, checks the
// recorded ones and returns the statistics of the inputs the model saw.
func record(ctx context.Context, m model.Model, examples []Example, replay Replay) ([]Example, *Stats, error) {
	if len(examples) == 0 {
		return nil, nil, nil
	}
	if replay == nil {
		return nil, nil, fmt.Errorf("examples given but no replay function")
	}
	rec := &recorder{Model: m}
	out := make([]Example, len(examples))
	for i, ex := range examples {
		if len(ex.Response) == 0 {
			resp, err := replay(ctx, rec, ex.Request, ex.Method)
			if err != nil {
				return nil, nil, &CheckError{Example: ex.label(i), Err: err}
			}
			ex.Response = json.RawMessage(bytes.TrimSpace(resp))
		} else if err := checkExample(ctx, rec, ex, ex.label(i), replay); err != nil {
			return nil, nil, err
		}
		out[i] = ex
	}
	return out, computeStats(m.Signature(), rec.inputs), nil
}

// recorder remembers the inputs a replay decoded, so statistics are taken
// from exactly what the model saw, whatever the request layout.
type recorder struct {
	model.Model
	inputs []model.Tensors
}

func (r *recorder) Predict(ctx context.Context, in model.Tensors, outputs []string) (model.Tensors, error) {
	r.inputs = append(r.inputs, in)
	return r.Model.Predict(ctx, in, outputs)
}

// entry is a file to write into the tar.
type entry struct {
	file File
	open func() (io.ReadCloser, error)
}

func jsonEntry(name string, v any) entry {
	b, _ := json.MarshalIndent(v, "", "  ") // examples and stats always marshal
	b = append(b, '\n')
	return bytesEntry(name, b)
}

func bytesEntry(name string, b []byte) entry {
	sum := sha256.Sum256(b)
	return entry{
		file: File{Path: name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])},
		open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
	}
}

// artifactEntries lists the model file, or every file of the model folder,
// under model/, and returns the path model.Load should read.
func artifactEntries(modelPath string) ([]entry, string, error) {
	fi, err := os.Stat(modelPath)
	if err != nil {
		return nil, "", err
	}
	root := path.Join(ModelDir, filepath.Base(filepath.Clean(modelPath)))
	if err := checkPath(root); err != nil {
		return nil, "", fmt.Errorf("model path %s: %w", modelPath, err)
	}
	if !fi.IsDir() {
		e, err := fileEntry(root, modelPath)
		return []entry{e}, root, err
	}
	var entries []entry
	err = filepath.WalkDir(modelPath, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: only regular files can be packaged", p)
		}
		rel, err := filepath.Rel(modelPath, p)
		if err != nil {
			return err
		}
		e, err := fileEntry(path.Join(root, filepath.ToSlash(rel)), p)
		entries = append(entries, e)
		return err
	})
	return entries, root, err
}

func fileEntry(name, osPath string) (entry, error) {
	f, err := os.Open(osPath)
	if err != nil {
		return entry{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return entry{}, fmt.Errorf("read %s: %w", osPath, err)
	}
	return entry{
		file: File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))},
		open: func() (io.ReadCloser, error) { return os.Open(osPath) },
	}, nil
}

func sortEntries(entries []entry) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].file.Path < entries[j].file.Path })
}
