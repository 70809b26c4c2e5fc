"""The minimal-WSGI baseline: the article page's own bytes, from memory, under the same gunicorn.

The ceiling for anything gunicorn serves (/work/shared/PERFORMANCE-ANCHORS.md, "raw WSGI"): no Django, no
routing, no file system. The bench names the file in BENCH_MINAPP_FILE before gunicorn starts; each worker
reads it once. Every path answers it with the two headers a page needs (type and length), but
/with-headers, which sends the headers of the article's stored page as well, read from the JSON file
BENCH_MINAPP_HEADERS: what gunicorn's own handling of a real page's fifteen headers costs.

    BENCH_MINAPP_FILE=page.html gunicorn --workers 5 bench.minapp
"""

import json
import os
from pathlib import Path

BODY = Path(os.environ["BENCH_MINAPP_FILE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
PAGE_HEADERS = (
    [tuple(header) for header in json.loads(Path(os.environ["BENCH_MINAPP_HEADERS"]).read_text())]
    if os.environ.get("BENCH_MINAPP_HEADERS")
    else HEADERS
)


def application(environ, start_response):
    start_response("200 OK", PAGE_HEADERS if environ["PATH_INFO"] == "/with-headers" else HEADERS)
    return [BODY]
