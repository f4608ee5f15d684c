"""Storage: SQLAlchemy 2 typed models, the SQLite engine and its PRAGMAs, Alembic migrations
and the change log.  SQLite-specific code (PRAGMAs, BEGIN IMMEDIATE, the backup API) stays in
this package; everything above it speaks portable SQLAlchemy."""
