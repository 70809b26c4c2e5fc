from datetime import UTC, date, datetime

from django.template import engines

from newsroom.times import machine_time


def test_a_time_with_microseconds_is_written_to_the_second_in_the_site_zone(settings):
    settings.TIME_ZONE = "Asia/Kolkata"

    assert machine_time(datetime(2026, 12, 1, 4, 0, 0, 123456, tzinfo=UTC)) == "2026-12-01T09:30:00+05:30"


def test_a_time_without_microseconds_keeps_its_seconds(settings):
    settings.TIME_ZONE = "Asia/Kolkata"

    assert machine_time(datetime(2026, 12, 1, 4, 0, 7, tzinfo=UTC)) == "2026-12-01T09:30:07+05:30"


def test_a_date_is_written_as_a_date():
    assert machine_time(date(2026, 12, 1)) == "2026-12-01"


def test_no_time_is_an_empty_string():
    assert machine_time(None) == ""


def test_the_template_filter_writes_the_same_string(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    template = engines["jinja2"].from_string('<time datetime="{{ value|machine_time }}">')

    html = template.render({"value": datetime(2026, 12, 1, 4, 0, 0, 999999, tzinfo=UTC)})

    assert html == '<time datetime="2026-12-01T09:30:00+05:30">'
