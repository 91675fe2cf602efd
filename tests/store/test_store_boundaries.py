"""The light parts of store/ stay light: no SQLModel or SQLAlchemy until a database is opened."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from store_builders import child_env


@pytest.mark.parametrize("module", ["cyberdrill.store", "cyberdrill.store.base", "cyberdrill.store.seats",
                                    "cyberdrill.store.schema", "cyberdrill.store.export"])
def test_importing_does_not_load_the_database_layer(module: str) -> None:
    probe = f"import {module}, sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env=child_env()).stdout
    loaded = {name.split(".")[0] for name in json.loads(out)}
    assert not loaded & {"sqlmodel", "sqlalchemy", "psycopg"}


def test_opening_a_log_does_load_it(tmp_path: object) -> None:
    # The probe above can fail: this shows it sees SQLAlchemy when it is there.
    probe = (f"import cyberdrill.store as s, sys; s.open_log('sqlite:///{tmp_path}/x.db'); "
             "print('sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=child_env())
    assert out.stdout.strip() == "True"
