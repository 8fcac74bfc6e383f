package registry

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// OpenPostgres opens (migrating if needed) the registry in the PostgreSQL
// database dsn names, e.g. "postgres://user@host/db". A search_path
// parameter in the DSN selects the schema.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	return openSQL(ctx, db, postgresDialect, "")
}
