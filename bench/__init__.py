"""
`make bench`: how fast the reader pages are, measured the way readers get them.

The benchmark seeds a large data set into its own database under var/bench/ (never var/db.sqlite3),
serves it with gunicorn exactly as `make serve` does, once with the page cache off and once with it on,
loads each page from both over loopback with a bounded client, and compares every page with the same bytes
from a minimal WSGI app under the same gunicorn and from whitenoise; then a spike of 200 clients on a cached
article while comments are posted and a story is published.

    python -m bench --articles 100 10000 100000 --duration 5 --rounds 3

Modules: `seed` fills a database, `databases` says where it lives (SQLite files, or PostgreSQL with
`--database postgres`), `server` runs gunicorn, `load` drives the HTTP client (wrk when installed),
`minapp` is the minimal WSGI baseline, `spike` the spike, `report` prints and writes the results,
`__main__` puts them together.
"""
