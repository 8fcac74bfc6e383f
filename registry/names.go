package registry

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/bundle"
)

// Latest is the reference that resolves to a model's highest version.
const Latest = "latest"

// checkAlias accepts names that cannot be mistaken for a version reference.
func checkAlias(alias string) error {
	if _, err := strconv.Atoi(alias); err == nil || alias == Latest || !bundle.ValidName(alias) {
		return fmt.Errorf("%w: alias %q (letters, digits, '.', '_', '-'; not a number or %q)", ErrInvalid, alias, Latest)
	}
	return nil
}

func checkModel(name string) error {
	if !bundle.ValidName(name) {
		return fmt.Errorf("%w: model name %q (letters, digits, '.', '_', '-')", ErrInvalid, name)
	}
	return nil
}

const maxTagValue = 1024

func checkTags(tags map[string]string) error {
	for k, v := range tags {
		if !bundle.ValidName(k) || len(v) > maxTagValue {
			return fmt.Errorf("%w: tag %q (key: letters, digits, '.', '_', '-'; value: at most %d bytes)", ErrInvalid, k, maxTagValue)
		}
	}
	return nil
}

// ParseRef splits "name@ref" as `slipway pull` takes it; a bare name means
// the latest version.
func ParseRef(s string) (model, ref string, err error) {
	model, ref, found := strings.Cut(s, "@")
	if !found {
		ref = Latest
	}
	if err := checkModel(model); err != nil {
		return "", "", err
	}
	if ref == "" {
		return "", "", fmt.Errorf("%w: empty reference after @ in %q", ErrInvalid, s)
	}
	return model, ref, nil
}
