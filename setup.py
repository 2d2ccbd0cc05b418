"""The wheel's package list: every package under inventory_app/ as found on disk (a new one is
never left out), and the resources folder shipped as inventory_app.resources. The rest of the
build is described in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["inventory_app", "inventory_app.*"]), "inventory_app.resources"])
