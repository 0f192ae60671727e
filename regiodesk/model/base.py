"""The base of every synced table, and helpers that declare columns in one line."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import Field, SQLModel

from regiodesk.model.types import DecimalText, EnumText, IsoDate, UtcDateTime


class Entity(SQLModel):
    """A row that every device holds: its id, and a tombstone instead of a hard delete."""

    id: str = Field(primary_key=True, max_length=36)
    deleted: bool = Field(default=False, nullable=False)


def ref(table: str, *, optional: bool = False, index: bool = True) -> Any:
    """A foreign key to ``table.id``; indexed unless ``index=False`` (where a unique constraint
    already leads with it, or nothing looks rows up by it)."""
    return Field(
        default=None if optional else ...,
        foreign_key=f"{table}.id",
        index=index,
        nullable=optional,
    )


def moment(*, optional: bool = True) -> Any:
    return Field(default=None if optional else ..., sa_type=UtcDateTime, nullable=optional)


def day(*, optional: bool = True) -> Any:
    return Field(default=None if optional else ..., sa_type=IsoDate, nullable=optional)


def money(*, optional: bool = True) -> Any:
    return Field(default=None if optional else ..., sa_type=DecimalText, nullable=optional)


def choice(enum_class: type[StrEnum], default: StrEnum | None = None) -> Any:
    return Field(
        default=default if default is not None else ...,
        sa_type=EnumText(enum_class),
        nullable=False,
    )
