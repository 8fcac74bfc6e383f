package registry

import (
	"path/filepath"
	"testing"
)

func TestMigrateFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "registry.db")
	for range 2 { // the second open must find nothing to do
		s, err := OpenSQLite(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n, max int
		err = s.(*sqlStore).db.queryRow(t.Context(), `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max)
		s.Close()
		if err != nil || n != len(migrations) || max != len(migrations) {
			t.Fatalf("schema_migrations: %d rows, max %d, %v; want %d", n, max, err, len(migrations))
		}
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "registry.db")
	s, err := OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.(*sqlStore).db.exec(t.Context(), `INSERT INTO schema_migrations (version, applied) VALUES ($1, 0)`, len(migrations)+1)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSQLite(t.Context(), path); err == nil {
		t.Error("opened a registry whose schema is newer than this build")
	}
}
