"""The progress database: the only place SQL is written (see store.database)."""
