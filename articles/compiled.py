"""
Querysets compiled to SQL once per process and run again with new values: the reader pages' fixed reads.

Building a queryset (filter, select_related, only, order_by: each a clone of the query) and compiling it
(`as_sql`) costs about half a millisecond of CPU per query on every request, many times what SQLite takes
to run the SQL (docs/performance.md, "The article page, uncached"). A query whose shape never changes (the
article by its id, its tags, its corrections, Most talked about) is built once with stand-in values and
compiled, then run with the request's values in their places: the same SQL, and the same model instances,
select_related, annotations and converters included.

What turns a row into models is worked out once too (`ModelRows`): the columns each model takes, the
select_related objects, the converters. Django's ModelIterable works them out again for every query it runs,
and makes every instance through Model.__init__, which was more of the article page's time than SQLite's
(docs/performance.md, "The article page's rows"; docs/decisions.md). The dicts of a values() queryset are
made so too (`ValueRows`); a values_list() queryset still runs through its own iterable.

A stand-in is a value no row has (a negative id, a time before any story), found in the compiled
parameters by value; every other parameter is a constant of the query (the live statuses, say).
"""

import copy
from datetime import datetime
from functools import cached_property

from django.db import connections
from django.db.models import DateTimeField, Model
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.db.models.signals import post_init, pre_init

_DATETIME = DateTimeField()

# The stand-in id of the pages' fixed reads: no row has it.
NO_ROW = -7_000_001


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
        queryset, compiler, sql, slots, rows = self.compiled[using]
        params = tuple(db_value(values[name], connection) if name else constant for name, constant in slots)
        if rows is not None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return rows.made(cursor.fetchall(), connection)
        compiler = copy.copy(compiler)
        compiler.connection = connection  # this thread's connection, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        query = copy.copy(queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        rerun = type(queryset)(model=queryset.model, query=query, using=using)
        return list(queryset._iterable_class(rerun))

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
        rows = next((kind(queryset, compiler) for kind in (ModelRows, ValueRows) if kind.serves(queryset)), None)
        self[using] = found = (queryset, compiler, sql, slots, rows)
        return found


class ModelRows:
    """Rows of a compiled query made into model instances as Django's ModelIterable makes them, with what it
    works out per query (which columns each model takes, the select_related populators, the converters)
    worked out once, and each instance made as `instance_maker` says."""

    @staticmethod
    def serves(queryset):
        # Model instances (not values() or values_list()), with no related objects known to the queryset
        # (a related manager's), which ModelIterable sets on each instance.
        return queryset._iterable_class is ModelIterable and not queryset._known_related_objects

    def __init__(self, queryset, compiler):
        select, klass_info = compiler.select, compiler.klass_info
        self.db = queryset.db
        self.make = instance_maker(klass_info["model"])
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = related_makers(get_related_populators(klass_info, select, self.db))
        self.annotations = tuple(compiler.annotation_col_map.items())
        self.converters = converters_of(compiler)

    def made(self, rows, connection):
        if self.converters:
            rows = [converted(row, self.converters, connection) for row in rows]
        found = []
        for row in rows:
            instance = self.make(self.db, self.init_list, row[self.start : self.end])
            populate(self.related, row, instance, self.db)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found


class ValueRows:
    """Rows of a compiled values() query made into dicts as Django's ValuesIterable makes them, with its names
    and converters worked out once: ValuesIterable works them out again on every run, which cost a values()
    query of the article page about as much as its SQL (docs/performance.md)."""

    @staticmethod
    def serves(queryset):
        return queryset._iterable_class is ValuesIterable

    def __init__(self, queryset, compiler):
        query = queryset.query
        # As ValuesIterable names them: extra(select=...) columns first, then the fields, then the annotations.
        self.names = (
            list(query.selected)
            if query.selected
            else [
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            ]
        )
        self.converters = converters_of(compiler)

    def made(self, rows, connection):
        if self.converters:
            rows = [converted(row, self.converters, connection) for row in rows]
        names = self.names
        # strict=False: columns past the names (a DISTINCT query's ordering) are left out, as results_iter does.
        return [dict(zip(names, row, strict=False)) for row in rows]


def converters_of(compiler):
    """Each selected column's converters, as the compiler's results_iter would apply them."""
    return [
        (position, tuple(functions), expression)
        for position, (functions, expression) in compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        ).items()
    ]


def converted(row, converters, connection):
    row = list(row)
    for position, functions, expression in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def related_makers(populators):
    """Django's RelatedPopulators of a select_related query, each with the maker of its model's instances."""
    return [
        (populator, instance_maker(populator.model_cls), related_makers(populator.related_populators))
        for populator in populators
    ]


def populate(related, row, instance, db):
    """RelatedPopulator.populate for each of `related`, its instances made by their makers."""
    for populator, make, nested in related:
        values = (
            populator.reorder_for_init(row)
            if populator.reorder_for_init
            else row[populator.cols_start : populator.cols_end]
        )
        if values[populator.pk_idx] is None:
            populator.local_setter(instance, None)
            continue
        other = make(db, populator.init_list, values)
        populate(nested, row, other, db)
        populator.local_setter(instance, other)
        populator.remote_setter(other, instance)


def instance_maker(model):
    """`model.from_db`, or, for a model that neither changes how it is made (its own from_db or __init__) nor has
    a pre_init or post_init receiver, what from_db makes without Model.__init__: the instance's columns put in
    its __dict__ as __init__ puts them (none of a model's field descriptors does more on a new instance), its
    state saved, in `db`. Model.__init__ is the larger part of turning a row into a model (docs/performance.md,
    "The article page's rows"). Receivers are looked at when the query is first compiled, after every app's
    ready() has connected its own."""
    plain = (
        model.from_db.__func__ is Model.from_db.__func__
        and model.__init__ is Model.__init__
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
    )
    if not plain:
        return model.from_db

    def make(db, field_names, values):
        instance = model.__new__(model)
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        instance.__dict__.update(zip(field_names, values, strict=True))
        return instance

    return make
