package savedmodel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
)

// MaxProtoBytes bounds saved_model.pb(txt): protobuf messages cannot exceed
// 2 GiB.
const MaxProtoBytes = 2<<30 - 1

// ServeTag tags the MetaGraphDef TensorFlow Serving loads.
const ServeTag = "serve"

// readSavedModel decodes dir/saved_model.pb, or dir/saved_model.pbtxt when
// the binary form is absent.
func readSavedModel(dir string) (*tfpb.SavedModel, error) {
	var sm tfpb.SavedModel
	data, err := readLimited(filepath.Join(dir, "saved_model.pb"))
	if err == nil {
		if err := proto.Unmarshal(data, &sm); err != nil {
			return nil, fmt.Errorf("decode saved_model.pb: %w", err)
		}
		return &sm, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	data, err = readLimited(filepath.Join(dir, "saved_model.pbtxt"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no saved_model.pb or saved_model.pbtxt", ErrNotSavedModel, dir)
	}
	if err != nil {
		return nil, err
	}
	if err := (prototext.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &sm); err != nil {
		return nil, fmt.Errorf("decode saved_model.pbtxt: %w", err)
	}
	return &sm, nil
}

func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxProtoBytes {
		return nil, fmt.Errorf("%s is %d bytes, more than the protobuf limit of %d", path, fi.Size(), MaxProtoBytes)
	}
	return os.ReadFile(path)
}

// selectMetaGraph returns the MetaGraphDef whose tag set equals tags (in
// any order), as TensorFlow's loader does.
func selectMetaGraph(sm *tfpb.SavedModel, tags []string) (*tfpb.MetaGraphDef, error) {
	want := sortedSet(tags)
	var seen []string
	for _, mg := range sm.GetMetaGraphs() {
		have := sortedSet(mg.GetMetaInfoDef().GetTags())
		if slices.Equal(have, want) {
			if mg.GetGraphDef() == nil {
				return nil, fmt.Errorf("MetaGraphDef with tags %q has no graph", want)
			}
			return mg, nil
		}
		seen = append(seen, fmt.Sprintf("%q", have))
	}
	return nil, fmt.Errorf("no MetaGraphDef with tags %q (have %s)", want, strings.Join(seen, ", "))
}

func sortedSet(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}
