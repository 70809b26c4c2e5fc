"""
Querysets compiled to SQL once per process and run again with new values: the article page's fixed reads.

Building a queryset (filter, select_related, only, order_by: each a clone of the query) and compiling it
(`as_sql`) costs about half a millisecond of CPU per query on every request, many times what SQLite takes
to run the SQL (docs/performance.md, "The article page, uncached"). A query whose shape never changes (the
article by its id, its tags, its corrections, Most talked about) is built once with stand-in values and
compiled, then run with the request's values in their places through Django's own iterable: the same SQL,
and the same model instances, select_related and converters included.

A stand-in is a value no row has (a negative id, a time before any story), found in the compiled
parameters by value; every other parameter is a constant of the query (the live statuses, say).
"""

import copy
from datetime import datetime
from functools import cached_property

from django.db import connections
from django.db.models import DateTimeField

_DATETIME = DateTimeField()


def db_value(value, connection):
    """`value` as the query's parameters hold it: a datetime as its field prepares it, anything else as it is."""
    return _DATETIME.get_db_prep_value(value, connection) if isinstance(value, datetime) else value


class CompiledQuery:
    """`build(**stand_ins)`, a queryset, compiled once per database; `run(**values)`, its rows for `values`.

    The queryset's prefetches are not run: each is a query of its own, built anew.
    """

    def __init__(self, build, **stand_ins):
        self.build = build
        self.stand_ins = stand_ins

    def run(self, *, using="default", **values):
        connection = connections[using]
        queryset, compiler, sql, slots = self.compiled[using]
        params = tuple(db_value(values[name], connection) if name else constant for name, constant in slots)
        compiler = copy.copy(compiler)
        compiler.connection = connection  # this thread's connection, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        query = copy.copy(queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        rows = type(queryset)(model=queryset.model, query=query, using=using)
        return list(queryset._iterable_class(rows))

    @cached_property
    def compiled(self):
        return CompiledByDatabase(self)


class CompiledByDatabase(dict):
    """The compiled query per database alias, made at its first use."""

    def __init__(self, query):
        super().__init__()
        self.query = query

    def __missing__(self, using):
        connection = connections[using]
        queryset = self.query.build(**self.query.stand_ins).using(using)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        names = {db_value(stand_in, connection): name for name, stand_in in self.query.stand_ins.items()}
        slots = tuple((names.get(param), None if param in names else param) for param in params)
        unused = set(self.query.stand_ins) - {name for name, _ in slots}
        if unused:  # the query would ignore a value it is given
            raise ValueError(f"The compiled query has no parameter for {', '.join(sorted(unused))}")
        # A value the build reads for itself (timezone.now() in published()) would be kept for ever: built again
        # a moment later, such a query's constants differ.
        _, again = self.query.build(**self.query.stand_ins).using(using).query.get_compiler(using).as_sql()
        if tuple(again) != tuple(params):
            raise ValueError("The compiled query has a constant that changes between builds: pass it as a value")
        self[using] = found = (queryset, compiler, sql, slots)
        return found
