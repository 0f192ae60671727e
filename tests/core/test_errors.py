"""The core's typed errors (regiodesk/errors.py): each renders one sentence from its data."""

from __future__ import annotations

import string

import pytest

from regiodesk import errors


def all_error_classes() -> list[type[errors.RegioDeskError]]:
    found: list[type[errors.RegioDeskError]] = []
    pending = [errors.RegioDeskError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_renders_its_template_from_its_data(cls: type[errors.RegioDeskError]) -> None:
    fields = {name for _t, name, _f, _c in string.Formatter().parse(cls.template) if name}
    data = {name: f"<{name}>" for name in fields}
    error = cls(**data)
    text = str(error)
    assert text == error.message()
    assert "\n" not in text
    for name in fields:
        assert f"<{name}>" in text
    assert error.data == data


def test_store_errors_and_rule_errors_are_told_apart() -> None:
    assert issubclass(errors.StoreDiskFull, errors.StoreError)
    assert issubclass(errors.StoreTooNew, errors.StoreError)
    assert issubclass(errors.InvalidDate, errors.InvalidInput)
    assert issubclass(errors.DecisionListLocked, errors.DomainRuleError)
    assert not issubclass(errors.BackupError, errors.StoreError)
