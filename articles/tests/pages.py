"""What tests read from a reader page's HTML. The reader pages are Jinja2's (jinja2/), and Django's Jinja2
backend sends no template_rendered signal, so the test client gives them no response.context: tests read
what the reader reads instead."""

import re
from html import unescape

LIST_HEADLINE = re.compile(r'class="item__headline"><a href="[^"]*">([^<]*)</a>')


def listed_headlines(response):
    """The headlines of the stories a page lists, in order (articles/list_items.py writes them)."""
    return [unescape(headline) for headline in LIST_HEADLINE.findall(response.content.decode())]
