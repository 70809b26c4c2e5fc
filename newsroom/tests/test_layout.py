"""Dependencies between the apps run one way: comments → articles → social, and no product app knows demo.

Every Python file of the apps, tests and migrations included, is read for what it depends on, and the
models are checked at runtime for relations to apps they must not know. The one hook the other way is a
template (jinja2/articles/article_detail.html calls comment_section, see docs/decisions.md), and
templates are not read here.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

BASE_DIR = Path(__file__).resolve().parents[2]

# The first-party packages beside manage.py, demo/ whether or not this branch has it yet. A product app
# may use only those on its line: not the project package, the benchmark or the browser tests either.
FIRST_PARTY = {path.parent.name for path in BASE_DIR.glob("*/__init__.py")} | {"demo"}
ALLOWED = {
    "social": {"social"},
    "articles": {"articles", "social"},
    "comments": {"comments", "articles", "social"},
    "demo": FIRST_PARTY,
}
PRODUCT_APPS = ["social", "articles", "comments"]
# Project modules every app may use: small helpers that import no app themselves (checked below), so that
# using them makes no cycle: the bulk-action helper the admins share, the retry and queue-running glue
# the background tasks share, the Content Security Policy a view may loosen for itself (a frame), the
# machine-readable times that pages, Open Graph and structured data write alike, the page cache's tags,
# which views declare and services invalidate; the once-a-minute log of a failure that repeats; the
# client's address, which the comments' limits and the admin sign-in's throttle read alike; the 503 for
# a write the database refuses, which the comment view gives with its form; and static files' addresses,
# remembered for the templates and the Python that writes markup alike.
SHARED_WITH_APPS = {
    "newsroom.admin",
    "newsroom.clients",
    "newsroom.logs",
    "newsroom.page_cache",
    "newsroom.tasks",
    "newsroom.middleware",
    "newsroom.times",
    "newsroom.static_urls",
    "newsroom.csp",
    "newsroom.unavailable",
}

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField", "ForeignObject"}
IMPORT_CALLS = {"import_module", "import_string", "__import__"}
DOTTED_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+")


@dataclass(frozen=True)
class Dependency:
    path: str
    line: int
    target: str  # a module ("comments.models"), a model ("articles.Article") or an app label ("social")
    code: str

    @property
    def app(self):
        return self.target.split(".")[0]


def module_name(path):
    parts = path.relative_to(BASE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def names_a_module(dotted):
    path = BASE_DIR.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class DependencyFinder(ast.NodeVisitor):
    """The first-party modules, models and apps one file names, each with its line."""

    def __init__(self, path, source):
        self.path = path.relative_to(BASE_DIR).as_posix()
        self.source = source
        name = module_name(path)
        self.package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        self.found = {}

    def add(self, node, target):
        if target and target.split(".")[0] in FIRST_PARTY:
            code = " ".join((ast.get_source_segment(self.source, node) or "").split())
            # The first finder of a line wins: import_module("x.y") is an import, not also a string.
            self.found.setdefault((node.lineno, target), Dependency(self.path, node.lineno, target, code[:120]))

    def resolve(self, level, module, package=None):
        base = (package or self.package).split(".")
        base = base[: len(base) - (level - 1)] if level > 1 else base
        return ".".join([*base, module] if module else base)

    def visit_Import(self, node):
        for alias in node.names:
            self.add(node, alias.name)

    def visit_ImportFrom(self, node):
        self.add(node, self.resolve(node.level, node.module) if node.level else node.module)

    def visit_Call(self, node):
        func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        first = string(node.args[0]) if node.args else None
        keywords = {keyword.arg: string(keyword.value) for keyword in node.keywords}
        if func in IMPORT_CALLS and first:
            if first.startswith("."):
                level = len(first) - len(first.lstrip("."))
                first = self.resolve(level, first.lstrip("."), keywords.get("package"))
            self.add(node, first)
        elif func == "get_model":
            label = first or keywords.get("app_label")
            if label:
                self.add(node, label.split(".")[0])
        elif func in RELATION_FIELDS:
            # A lazy reference, ForeignKey("articles.Article") or to="social.socialpost" in a migration.
            for reference in (first, keywords.get("to"), keywords.get("through")):
                if reference and "." in reference:
                    self.add(node, reference)
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        # A migration's dependencies and run_before name the apps whose migrations it needs.
        if node.name == "Migration":
            for statement in node.body:
                targets = [target.id for target in getattr(statement, "targets", []) if isinstance(target, ast.Name)]
                if {"dependencies", "run_before"} & set(targets):
                    for element in getattr(statement.value, "elts", []):
                        if isinstance(element, ast.Tuple) and element.elts and string(element.elts[0]):
                            self.add(element, string(element.elts[0]))
        self.generic_visit(node)

    def visit_Constant(self, node):
        # A module path written as a string, such as a list of modules that import_module reads later.
        value = string(node)
        if value and DOTTED_NAME.fullmatch(value) and names_a_module(value):
            self.add(node, value)


def dependencies(path):
    source = path.read_text(encoding="utf-8")
    finder = DependencyFinder(path, source)
    finder.visit(ast.parse(source, filename=str(path)))
    return finder.found.values()


def test_each_app_uses_only_the_apps_it_may_depend_on():
    wrong = []
    for app, allowed in ALLOWED.items():
        files = sorted((BASE_DIR / app).rglob("*.py"))
        assert files or app == "demo", f"{app}/ has no Python files: is the test looking in the right place?"
        for path in files:
            for dependency in dependencies(path):
                shared = dependency.target in SHARED_WITH_APPS and app in PRODUCT_APPS
                if dependency.app not in allowed and not shared:
                    wrong.append(
                        f"{dependency.path}:{dependency.line}: {dependency.code} "
                        f"({app} may use {', '.join(sorted(allowed))}; this reaches {dependency.app})"
                    )

    assert not wrong, "Dependencies against comments → articles → social (and nothing → demo):\n" + "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(SHARED_WITH_APPS))
def test_what_the_project_shares_with_the_apps_imports_no_app(module):
    path = BASE_DIR / (module.replace(".", "/") + ".py")

    # One shared module may use another (the middleware the CSP's names), never an app.
    found = [dependency for dependency in dependencies(path) if dependency.app in FIRST_PARTY]
    assert [dependency.code for dependency in found if dependency.target not in SHARED_WITH_APPS] == []


def test_the_models_relate_only_to_models_of_the_apps_they_may_depend_on():
    relations, wrong = 0, []
    for app in PRODUCT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            for field in model._meta.get_fields():
                # Forward relations only: a reverse one is the other model's dependency on this one.
                if not field.is_relation or field.related_model is None or (field.auto_created and not field.concrete):
                    continue
                relations += 1
                related = field.related_model._meta
                if related.app_label in FIRST_PARTY and related.app_label not in ALLOWED[app]:
                    wrong.append(
                        f"{model._meta.label}.{field.name} → {related.label} ({app} may not use {related.app_label})"
                    )

    assert relations > 0, "no relation was found at all: is the test looking at the right models?"
    assert not wrong, "Relations against comments → articles → social:\n" + "\n".join(wrong)
