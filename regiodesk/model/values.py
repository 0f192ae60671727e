"""Python values in the primitive form the store and the change log hold (no SQLAlchemy here:
the write path and the change log use it without loading the model)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from regiodesk.timeutil import to_text


def encode_value(value: Any) -> Any:
    """A Python value as the primitive the store and the change log hold."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return to_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store a value of type {type(value).__name__}")
