package serve

import (
	"runtime/debug"
	"strconv"
)

// Liveness and readiness, shared by the V2 and MLflow endpoints. Readiness
// fails (503) while shutting down or with no model loaded, so a load
// balancer stops sending traffic before connections close.

func (s *Server) isReady() bool {
	return !s.draining.Load() && len(s.rt.Names()) > 0
}

func (s *Server) live(x *exchange) error {
	x.out = append(x.out[:0], `{"live":true}`+"\n"...)
	x.sendJSON()
	return nil
}

func (s *Server) ready(x *exchange) error {
	ready := s.isReady()
	x.out = append(x.out[:0], `{"ready":`...)
	x.out = strconv.AppendBool(x.out, ready)
	x.out = append(x.out, "}\n"...)
	x.send(readyStatus(ready), jsonType, x.out)
	return nil
}

// serverVersion is the main module's version from the build info.
func serverVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "devel"
}

func appendInts(b []byte, v []int) []byte {
	b = append(b, '[')
	for i, n := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}
