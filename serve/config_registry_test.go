package serve

import (
	"strings"
	"testing"
)

func TestValidateRegistry(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string // "" for valid
	}{
		{"deploy", func(c *Config) { c.Registry, c.Deploy, c.Versions = "/r", []string{"iris@production", "*"}, "latest:2" }, ""},
		{"postgres", func(c *Config) { c.Registry, c.Blobs, c.Auth = "postgres://db/x", "/b", AuthPredict }, ""},
		{"postgres without blobs", func(c *Config) { c.Registry = "postgres://db/x" }, "needs blobs"},
		{"deploy without registry", func(c *Config) { c.Deploy = []string{"iris@production"} }, "needs a registry"},
		{"auth without registry", func(c *Config) { c.Auth = AuthPredict }, "tokens live in a registry"},
		{"bad target", func(c *Config) { c.Registry, c.Deploy = "/r", []string{"iris"} }, `deploy target "iris"`},
		{"bad policy", func(c *Config) { c.Versions = "newest" }, `version policy "newest"`},
		{"bad auth", func(c *Config) { c.Registry, c.Auth = "/r", "all" }, `auth "all"`},
		{"negative poll", func(c *Config) { c.Poll = -1 }, "poll -1ns"},
	}
	for _, tt := range tests {
		c := Default()
		tt.edit(&c)
		err := c.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
	}
}
