"""A record of each kind that has a workflow table, for the walk over every table
(tests/core/test_workflow_tables.py). Each app registers its builders in tests/<app>/samples.py:

    @sample(Pledge)
    def pledge(world):
        return [<a record of dept_a>, <a record of its sub-unit>]

`world` has campaign, users (tests/conftest.py), dept_a, dept_b and sub_of_a. A builder may set
any state directly: the walk puts each record in every state of its table in turn."""

import importlib

BUILDERS = {}
APPS = (
    "core",
    "pledges",
    "practice_projects",
    "achievements",
    "complaints",
    "selection",
    "assessment",
)


def sample(model):
    def register(builder):
        BUILDERS[model] = builder
        return builder

    return register


def load():
    for app in APPS:
        try:
            importlib.import_module(f"tests.{app}.samples")
        except ModuleNotFoundError as missing:
            if missing.name != f"tests.{app}.samples":
                raise
    return BUILDERS
