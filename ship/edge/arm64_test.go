//go:build slowbuild

package edge_test

import (
	"debug/elf"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Building for arm64 compiles all of slipway again: minutes with a cold
// build cache, so only under the slowbuild tag that .ci/run enables.
func init() {
	platforms = append(platforms, platformTest{v1.Platform{OS: "linux", Architecture: "arm64"}, elf.EM_AARCH64})
}
