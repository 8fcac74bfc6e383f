package runtime

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/model"
)

// LoadVersions loads the model at path as name and returns the versions
// it serves. A folder of versions (see model.Versions; TensorFlow Serving's
// model/00000123/) serves each as its number, or only the highest when
// latest is set, as TensorFlow Serving's default version policy does; any
// other model is Load's DefaultVersion.
func (r *Runtime) LoadVersions(ctx context.Context, name, path string, latest bool) ([]string, error) {
	f, versions, err := model.Versions(path)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", name, err)
	}
	if len(versions) == 0 {
		return []string{DefaultVersion}, r.Load(ctx, name, "", path)
	}
	if latest {
		versions = versions[len(versions)-1:]
	}
	for _, v := range versions {
		err := r.load(name, v, func() (model.Model, error) {
			m, err := f.LoadVersion(ctx, path, v)
			if err != nil {
				return nil, fmt.Errorf("version %s of %s model %s: %w", v, f.Name, path, err)
			}
			return m, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return versions, nil
}
