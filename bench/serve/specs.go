package main

import (
	"path/filepath"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

// specs builds the command lines of the servers under test.
type specs struct {
	bin    binaries
	python string
	root   string
}

// slipway serves models under their names with the plain and V2 protocols.
// Like gunicorn by default, it writes no access log line per request.
func (s specs) slipway(models ...cases.Model) serverSpec {
	argv := []string{s.bin.slipway, "serve", "--log-level", "warn"}
	for _, m := range models {
		argv = append(argv, m.Name+"="+m.Path)
	}
	return serverSpec{name: "slipway", argv: append(argv, "--addr", "{addr}"), health: "/v2/health/ready"}
}

func (s specs) ceiling() serverSpec {
	return serverSpec{name: "ceiling", argv: []string{s.bin.ceiling, "-addr", "{addr}"}, health: "/health"}
}

// flask runs flask_app.py on m with 2 sync workers, a typical deployment on
// a 2-core machine.
func (s specs) flask(m cases.Model) serverSpec {
	return serverSpec{
		name: "gunicorn+flask " + m.Name,
		argv: []string{s.python, "-m", "gunicorn", "--workers", "2", "--bind", "{addr}",
			"--chdir", filepath.Join(s.root, "bench", "serve"), "flask_app:app"},
		env:    []string{"MODEL=" + m.Path},
		health: "/health",
	}
}
