"""The model package loads its tables (and SQLAlchemy) lazily, on first use of a name."""

from __future__ import annotations

import subprocess
import sys


def test_the_package_names_every_table_it_loads() -> None:
    import regiodesk.model as model_package
    from regiodesk.model import tables

    assert set(model_package.__all__) == set(tables.__all__)


def test_importing_the_store_and_the_enums_does_not_load_sqlalchemy() -> None:
    """The desktop app's GUI thread imports these; the model loads on the database worker."""
    code = (
        "import sys, regiodesk.store, regiodesk.model.enums, regiodesk.queries.search;"
        "print('sqlalchemy' in sys.modules, 'sqlmodel' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == ["False", "False"]
