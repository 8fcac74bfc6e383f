package main

import (
	"encoding/json"
	"net/http"
)

// maxBody bounds a request as a real server would.
const maxBody = 1 << 20

// answer has the shape of Slipway's plain-protocol response.
var answer = []byte(`{"prediction":[0]}` + "\n")

// handler answers POST on any path with a constant prediction once the body
// decodes, and GET /health with 200.
func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("POST /", predict)
	return mux
}

func predict(w http.ResponseWriter, r *http.Request) {
	var rows [][]float64
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&rows)
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "request body: " + err.Error()})
		return
	}
	w.Write(answer)
}
