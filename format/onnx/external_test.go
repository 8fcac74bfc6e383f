package onnx

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/tensor"
)

// externalFolder returns a model folder holding weights.bin (the 8 bytes
// tinyModel's initializer needs), weights12.bin (12 bytes), link.bin (a
// symbolic link to it), a subfolder and escape.bin, a symbolic link to a
// file outside the folder.
func externalFolder(t *testing.T) string {
	root := t.TempDir()
	dir := filepath.Join(root, "model")
	for _, err := range []error{
		os.Mkdir(dir, 0o755),
		os.Mkdir(filepath.Join(dir, "sub"), 0o755),
		os.WriteFile(filepath.Join(dir, "weights.bin"), []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}, 0o644),
		os.WriteFile(filepath.Join(dir, "weights12.bin"), []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40}, 0o644),
		os.Symlink("weights12.bin", filepath.Join(dir, "link.bin")),
		os.WriteFile(filepath.Join(root, "secret.bin"), []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}, 0o644),
		os.Symlink("../secret.bin", filepath.Join(dir, "escape.bin")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// The link resolves: only the folder boundary may refuse it.
	if _, err := os.Stat(filepath.Join(dir, "escape.bin")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLoadExternalErrors points tinyModel's initializer at hostile external
// data.
func TestLoadExternalErrors(t *testing.T) {
	dir := externalFolder(t)
	tests := []struct {
		name     string
		location string
		kv       []string
		dims     []int64 // B's dims when not [2]
		want     string
		is       error
	}{
		{name: "offset beyond the file", location: "weights.bin", kv: []string{"offset", "100"}, want: "holds 8 bytes, the tensor needs 8 at offset 100"},
		{name: "offset near the int64 limit", location: "weights.bin", kv: []string{"offset", "9223372036854775807"}, want: "at offset 9223372036854775807"},
		{name: "data past the end", location: "weights.bin", kv: []string{"offset", "4"}, want: "holds 8 bytes, the tensor needs 8 at offset 4"},
		{name: "length beyond the file", location: "weights.bin", kv: []string{"length", "1099511627776"}, want: "length 1099511627776, the tensor needs 8 bytes"},
		{name: "negative offset", location: "weights.bin", kv: []string{"offset", "-4"}, want: `offset "-4" is not a non-negative integer`},
		{name: "negative length", location: "weights.bin", kv: []string{"length", "-8"}, want: `length "-8" is not a non-negative integer`},
		{name: "offset not a number", location: "weights.bin", kv: []string{"offset", "0x10"}, want: `offset "0x10" is not a non-negative integer`},
		{name: "huge dims, small file", location: "weights.bin", dims: []int64{1 << 30, 2}, want: "holds 8 bytes, the tensor needs 8589934592 at offset 0"},
		{name: "symbolic link out of the folder", location: "escape.bin", want: "escape.bin"},
		{name: "a folder", location: "sub", want: `"sub" is not a regular file`},
		{name: "empty location", location: "", want: `""`, is: ErrExternalPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tinyModel()
			externalB(m, tt.location, tt.kv...)
			if tt.dims != nil {
				m.Graph.Initializer[0].Dims = tt.dims
			}
			wantLoadError(t, writeModel(t, dir, m), tt.want, tt.is)
		})
	}
}

// TestLoadExternalRegions gives tinyModel a second initializer B2 and
// checks how the bytes of the two may overlap: one region read twice
// is shared, overlapping regions are refused, also through a link.
func TestLoadExternalRegions(t *testing.T) {
	dir := externalFolder(t)
	tests := []struct {
		name    string
		b, b2   []string // location, then key, value pairs
		wantErr string   // "" for a load that shares B's bytes with B2
	}{
		{"same region twice", []string{"weights.bin"}, []string{"weights.bin", "offset", "0", "length", "8"}, ""},
		{"overlapping regions", []string{"weights12.bin"}, []string{"weights12.bin", "offset", "4"}, `"weights12.bin": tensors claim more than its 12 bytes`},
		{"overlapping through a link", []string{"weights12.bin"}, []string{"link.bin", "offset", "4"}, `"link.bin": tensors claim more than its 12 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tinyModel()
			externalB(m, tt.b[0], tt.b[1:]...)
			b2 := proto.Clone(m.Graph.Initializer[0]).(*onnxpb.TensorProto)
			b2.Name, b2.ExternalData = proto.String("B2"), external(tt.b2[0], tt.b2[1:]...)
			m.Graph.Initializer = append(m.Graph.Initializer, b2)
			m.Graph.Node = append(m.Graph.Node, node("Add", []string{"Y", "B2"}, []string{"Y2"}))
			m.Graph.Output = append(m.Graph.Output, valueInfo("Y2", onnxpb.TensorProto_FLOAT, -1, 2))
			path := writeModel(t, dir, m)
			if tt.wantErr != "" {
				wantLoadError(t, path, tt.wantErr, nil)
				return
			}
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			v1, _ := tensor.Values[float32](got.g.consts[0].(*tensor.Tensor))
			v2, _ := tensor.Values[float32](got.g.consts[1].(*tensor.Tensor))
			if !slices.Equal(v1, []float32{1, 2}) || &v1[0] != &v2[0] {
				t.Errorf("B = %v at %p, B2 = %v at %p; want [1 2] once", v1, &v1[0], v2, &v2[0])
			}
		})
	}
}
