"""
`make bench`: how fast the reader pages are, measured the way readers get them.

The benchmark seeds a large data set into its own database under var/bench/ (never var/db.sqlite3),
serves it with gunicorn exactly as `make serve` does, loads each page over loopback with a bounded
client, and compares every page with a static file of the same size served by the same server.

    python -m bench --articles 100 10000 100000 --duration 5 --rounds 3

Modules: `seed` fills a database, `databases` says where it lives (SQLite files, or PostgreSQL with
`--database postgres`), `server` runs gunicorn, `load` drives the HTTP client (wrk when installed),
`report` prints and writes the results, `__main__` puts them together.
"""
