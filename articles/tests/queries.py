"""What the tests that pin a page's query count share (articles/tests/test_queries.py and the feeds',
sitemaps' and revision pages' tests)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """How many queries the client's GET of `url` took; the page must have answered 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
