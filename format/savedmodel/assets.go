package savedmodel

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// maxAssetBytes bounds a file an op reads from assets/.
const maxAssetBytes = 256 << 20

// assetFeeds maps each asset tensor of the graph to the asset's path in
// dir, as TensorFlow's loader feeds them to every run.
func assetFeeds(g *graph, dir string, defs []*tfpb.AssetFileDef) (map[endpoint]value, error) {
	feeds := map[endpoint]value{}
	for _, a := range defs {
		if !filepath.IsLocal(a.GetFilename()) {
			return nil, fmt.Errorf("asset file name %q leaves the assets folder", a.GetFilename())
		}
		e, err := g.tensorRef(a.GetTensorInfo().GetName())
		if err != nil {
			return nil, fmt.Errorf("asset %q: %w", a.GetFilename(), err)
		}
		path, err := tensor.New([]int{}, []string{filepath.Join(dir, "assets", a.GetFilename())})
		if err != nil {
			return nil, err
		}
		feeds[e] = tensorValue(path)
	}
	return feeds, nil
}

// readAsset reads a file an op names; only files under the model's
// assets/ and assets.extra/ folders may be read, so a hostile graph
// cannot read the server's files.
func (s *session) readAsset(name string) ([]byte, error) {
	path := filepath.Clean(name)
	ok := false
	for _, sub := range []string{"assets", "assets.extra"} {
		root := filepath.Join(s.dir, sub) + string(filepath.Separator)
		ok = ok || strings.HasPrefix(path, root)
	}
	if s.dir == "" || !ok {
		return nil, fmt.Errorf("file %q is outside the model's assets", name)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxAssetBytes {
		return nil, fmt.Errorf("asset %s is %d bytes, more than the limit of %d", path, fi.Size(), maxAssetBytes)
	}
	return os.ReadFile(path)
}

// stringScalar reads a string scalar input.
func stringScalar(t *tensor.Tensor) (string, error) {
	s, ok := tensor.Values[string](t)
	if !ok || len(s) != 1 {
		return "", fmt.Errorf("want a string scalar, got %v %v", t.DType(), t.Shape())
	}
	return s[0], nil
}

var readFileOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	name, err := stringScalar(in[0])
	if err != nil {
		return nil, err
	}
	b, err := c.s.readAsset(name)
	if err != nil {
		return nil, err
	}
	return tensor.New([]int{}, []string{string(b)})
})
