package registrytest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PostgresDSN returns a DSN for an empty schema of its own on the server
// SLIPWAY_TEST_POSTGRES names (scripts/ci/postgres.sh starts one), so
// concurrent tests never collide; the schema is dropped when t ends. It
// skips t when the variable is unset.
func PostgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("SLIPWAY_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SLIPWAY_TEST_POSTGRES is not set")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("SLIPWAY_TEST_POSTGRES: %v", err)
	}
	schema := "slipway_test_" + strings.ToLower(rand.Text()[:12])
	exec := func(ctx context.Context, stmt string) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, stmt)
		return err
	}
	if err := exec(t.Context(), fmt.Sprintf("CREATE SCHEMA %s", schema)); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := exec(context.Background(), fmt.Sprintf("DROP SCHEMA %s CASCADE", schema)); err != nil {
			t.Errorf("postgres: drop schema: %v", err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
