package main

import (
	"strings"
	"testing"
)

func TestParseWrk(t *testing.T) {
	const header = `Running 1s test @ http://127.0.0.1:18091/predict
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    97.52us  245.83us   5.25ms   98.88%
  26430 requests in 1.00s, 3.20MB read
Requests/sec:  26412.33
Transfer/sec:      3.20MB
`
	tests := []struct {
		name    string
		out     string
		want    load
		wantRPS float64
		wantErr string
	}{
		{
			name:    "summary",
			out:     header + `{"requests":26430,"duration_us":1000669,"p50_us":73,"p99_us":1440,"errors":2}` + "\n",
			want:    load{Requests: 26430, DurationUS: 1000669, P50US: 73, P99US: 1440, Errors: 2},
			wantRPS: 26412.33,
		},
		{
			name:    "no trailing newline",
			out:     header + `{"requests":500,"duration_us":2000000,"p50_us":1,"p99_us":2,"errors":0}`,
			want:    load{Requests: 500, DurationUS: 2000000, P50US: 1, P99US: 2},
			wantRPS: 250,
		},
		{name: "no summary", out: header, wantErr: "no summary"},
		{name: "truncated", out: header + `{"requests":5,"dur`, wantErr: "wrk summary"},
		{name: "zero duration", out: `{"requests":5,"duration_us":0,"p50_us":1,"p99_us":2,"errors":0}`, wantErr: "no duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWrk([]byte(tt.out))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if rps := got.RPS(); rps < tt.wantRPS-0.01 || rps > tt.wantRPS+0.01 {
				t.Errorf("RPS = %.2f, want %.2f", rps, tt.wantRPS)
			}
		})
	}
}
