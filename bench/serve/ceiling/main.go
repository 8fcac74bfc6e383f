// Command ceiling is the fastest a JSON prediction endpoint can reasonably
// be in Go: net/http, the request body decoded with encoding/json into
// [][]float64 as any server must, and a constant answer. bench/serve
// measures Slipway's throughput and latency against it.
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, handler()))
}
