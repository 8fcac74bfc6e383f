package bundle_test

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
	"testing"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/model"
)

func loadIris(t *testing.T) model.Model {
	t.Helper()
	m, err := model.Load(context.Background(), irisModel(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func headers(t *testing.T, raw []byte) []*tar.Header {
	t.Helper()
	var hs []*tar.Header
	tr := tar.NewReader(bytes.NewReader(raw))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return hs
		}
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
}

// member is one entry of a hand-made tar.
type member struct {
	name     string
	body     string
	typeflag byte   // default regular file
	listed   string // content the manifest records; default body
	unlisted bool   // leave out of the manifest
}

// craft builds a tar whose manifest lists the members (as listed) after
// edit changes it; the manifest is the first entry unless manifestLast.
func craft(t testing.TB, members []member, edit func(*bundle.Manifest), manifestLast bool) []byte {
	t.Helper()
	man := bundle.Manifest{Name: "iris", Format: "sklearn", Artifact: "model/iris.pkl"}
	for _, m := range members {
		if m.unlisted {
			continue
		}
		content := m.body
		if m.listed != "" {
			content = m.listed
		}
		sum := sha256.Sum256([]byte(content))
		man.Files = append(man.Files, bundle.File{Path: m.name, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])})
	}
	if edit != nil {
		edit(&man)
	}
	mb, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]member{{name: bundle.ManifestPath, body: string(mb)}}, members...)
	if manifestLast {
		all = append(members, all[0])
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range all {
		h := &tar.Header{Name: m.name, Typeflag: m.typeflag, Mode: 0o644, Size: int64(len(m.body))}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag != tar.TypeReg {
			h.Size, h.Linkname = 0, "/etc/passwd"
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			tw.Write([]byte(m.body))
		}
	}
	tw.Close()
	return buf.Bytes()
}

var pkl = member{name: "model/iris.pkl", body: "pickle bytes"}

func TestReadRefuses(t *testing.T) {
	valid := craft(t, []member{pkl}, nil, false)
	for _, tt := range []struct {
		name string
		raw  []byte
		lim  bundle.Limits
	}{
		{"parent path", craft(t, []member{pkl, {name: "../evil", body: "x"}}, nil, false), bundle.Limits{}},
		{"unlisted parent path", craft(t, []member{pkl, {name: "model/../../evil", body: "x", unlisted: true}}, nil, false), bundle.Limits{}},
		{"absolute path", craft(t, []member{pkl, {name: "/etc/cron.d/evil", body: "x"}}, nil, false), bundle.Limits{}},
		{"backslash path", craft(t, []member{pkl, {name: `model\..\..\evil`, body: "x"}}, nil, false), bundle.Limits{}},
		{"symlink", craft(t, []member{pkl, {name: "model/link", typeflag: tar.TypeSymlink, unlisted: true}}, nil, false), bundle.Limits{}},
		{"hard link", craft(t, []member{pkl, {name: "model/link", typeflag: tar.TypeLink, unlisted: true}}, nil, false), bundle.Limits{}},
		{"folder entry", craft(t, []member{{name: "model/", typeflag: tar.TypeDir, unlisted: true}, pkl}, nil, false), bundle.Limits{}},
		{"oversized file", valid, bundle.Limits{MaxFileSize: 4}},
		{"oversized total", craft(t, []member{pkl, {name: "model/b", body: "12345"}}, nil, false), bundle.Limits{MaxTotalSize: 14}},
		{"oversized manifest", valid, bundle.Limits{MaxMetaSize: 16}},
		{"too many files", craft(t, []member{pkl, {name: "model/b", body: "b"}}, nil, false), bundle.Limits{MaxFiles: 1}},
		{"digest mismatch", craft(t, []member{{name: "model/iris.pkl", body: "tampered!!!!", listed: "pickle bytes"}}, nil, false), bundle.Limits{}},
		{"size mismatch", craft(t, []member{{name: "model/iris.pkl", body: "short", listed: "pickle bytes"}}, nil, false), bundle.Limits{}},
		{"file missing", craft(t, []member{pkl}, func(m *bundle.Manifest) {
			m.Files = append(m.Files, bundle.File{Path: "model/gone", SHA256: m.Files[0].SHA256})
		}, false), bundle.Limits{}},
		{"unlisted file", craft(t, []member{pkl, {name: "model/extra", body: "x", unlisted: true}}, nil, false), bundle.Limits{}},
		{"duplicate entry", craft(t, []member{pkl, pkl}, func(m *bundle.Manifest) { m.Files = m.Files[:1] }, false), bundle.Limits{}},
		{"listed twice", craft(t, []member{pkl, pkl}, nil, false), bundle.Limits{}},
		{"manifest not first", craft(t, []member{pkl}, nil, true), bundle.Limits{}},
		{"manifest lists itself", craft(t, []member{pkl, {name: "manifest.json", body: "{}"}}, nil, false), bundle.Limits{}},
		{"bad model name", craft(t, []member{pkl}, func(m *bundle.Manifest) { m.Name = "../iris" }, false), bundle.Limits{}},
		{"artifact outside model/", craft(t, []member{pkl}, func(m *bundle.Manifest) { m.Artifact = "stats.json" }, false), bundle.Limits{}},
		{"artifact not listed", craft(t, []member{pkl}, func(m *bundle.Manifest) { m.Artifact = "model/other.pkl" }, false), bundle.Limits{}},
		{"bad digest text", craft(t, []member{pkl}, func(m *bundle.Manifest) { m.Files[0].SHA256 = "xyz" }, false), bundle.Limits{}},
		{"bad examples", craft(t, []member{pkl, {name: "examples.json", body: `{"not": "a list"}`}}, nil, false), bundle.Limits{}},
		{"not a tar", []byte("definitely not a tar archive, just some text padding it out"), bundle.Limits{}},
		{"empty", nil, bundle.Limits{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := bundle.Read(bytes.NewReader(tt.raw), tt.lim); !errors.Is(err, bundle.ErrInvalid) {
				t.Errorf("read: err = %v, want ErrInvalid", err)
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			if _, err := bundle.Extract(bytes.NewReader(tt.raw), dir, tt.lim); !errors.Is(err, bundle.ErrInvalid) {
				t.Errorf("extract: err = %v, want ErrInvalid", err)
			}
			if _, err := os.Stat(filepath.Join(parent, "evil")); err == nil {
				t.Error("extract wrote outside its folder")
			}
		})
	}
	if _, err := bundle.Read(bytes.NewReader(valid), bundle.Limits{}); err != nil {
		t.Errorf("the untampered crafted bundle is refused: %v", err)
	}
}

func TestReadTruncated(t *testing.T) {
	raw := create(t, irisModel(t), nil)
	for _, n := range []int{100, 600, len(raw) / 2} {
		if _, err := bundle.Read(bytes.NewReader(raw[:n]), bundle.Limits{}); err == nil {
			t.Errorf("a bundle cut to %d of %d bytes was accepted", n, len(raw))
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(craft(f, []member{pkl}, nil, false))
	f.Add(craft(f, []member{pkl, {name: "examples.json", body: `[{"request":[1]}]`}}, nil, false))
	f.Add(example.Model)
	f.Fuzz(func(t *testing.T, raw []byte) {
		lim := bundle.Limits{MaxFileSize: 1 << 20, MaxTotalSize: 1 << 20, MaxMetaSize: 1 << 20, MaxFiles: 16}
		b, err := bundle.Read(bytes.NewReader(raw), lim)
		if err == nil && b.Manifest.Name == "" {
			t.Error("accepted a bundle without a name")
		}
	})
}
