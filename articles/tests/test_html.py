from django.utils import html as django_html
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

from articles.html import format_html, format_html_join

VALUES = [
    'Tom & Jerry\'s "<b>" night',
    mark_safe("<mark>safe</mark>"),
    Markup("<em>Markup's</em>"),
    lazy(lambda: "lazy <i>'text'</i>", str)(),
    lazy(lambda: mark_safe("<i>lazy safe</i>"), SafeString)(),
    42,
    None,
    "",
]


def test_format_html_writes_what_djangos_writes_for_plain_safe_lazy_and_other_values():
    for value in VALUES:
        ours = format_html('<a title="{}">{}</a>', value, value)
        assert ours == django_html.format_html('<a title="{}">{}</a>', value, value)
        assert isinstance(ours, SafeString)
    assert format_html("<p>{}</p>", "Tom & Jerry's") == "<p>Tom &amp; Jerry&#x27;s</p>"


def test_format_html_fills_named_fields_escaped_too():
    assert format_html("<{tag}>{text}</{tag}>", tag="h3", text="<x>") == "<h3>&lt;x&gt;</h3>"


def test_format_html_join_writes_what_djangos_writes_escaping_the_separator():
    rows = [("A & B",), (mark_safe("<b>C</b>"),), (7,)]
    ours = format_html_join(" & ", "<li>{}</li>", rows)
    assert ours == django_html.format_html_join(" & ", "<li>{}</li>", rows)
    assert ours == "<li>A &amp; B</li> &amp; <li><b>C</b></li> &amp; <li>7</li>"
    assert isinstance(ours, SafeString)
