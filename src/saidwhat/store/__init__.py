"""The corpus store: ingest results in an embedded DuckDB file, and the queries over it."""
