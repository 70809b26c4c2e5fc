"""The minimal-WSGI baseline: the article page's own bytes, from memory, under the same gunicorn.

The ceiling for anything gunicorn serves (/work/shared/PERFORMANCE-ANCHORS.md, "raw WSGI"): no Django, no
routing, no file system, one response for every path. The bench names the file in BENCH_MINAPP_FILE
before gunicorn starts; each worker reads it once.

    BENCH_MINAPP_FILE=page.html gunicorn --workers 5 bench.minapp
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_MINAPP_FILE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
