"""A page that reads from a database it cannot open, for test_unavailable.py: a real SQLite failure."""

from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.http import HttpResponse
from django.urls import path


def reads(request):
    settings_dict = {**connection.settings_dict, "NAME": settings.UNREACHABLE_DATABASE, "OPTIONS": {}}
    settings_dict.pop("TEST", None)
    database = SQLiteWrapper(settings_dict, alias="unreachable")
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        database.close()
    return HttpResponse("read")


def reads_a_missing_table(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    return HttpResponse("read")


urlpatterns = [path("reads/", reads), path("reads/missing-table/", reads_a_missing_table)]
