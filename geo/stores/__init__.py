"""The back ends of :class:`geo.store.Store`: a SQLite file and a PostgreSQL/PostGIS database."""
