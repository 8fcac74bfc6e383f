package registry

// dialect is what differs between the SQL databases in the schema; the
// queries themselves are shared.
type dialect struct {
	name string
	// serial is the column definition of an auto-incrementing primary key.
	serial string
}

var (
	sqliteDialect   = dialect{name: "sqlite", serial: "INTEGER PRIMARY KEY AUTOINCREMENT"}
	postgresDialect = dialect{name: "postgres", serial: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}
)
