"""Region data files: a region's municipalities, population figures, domains and PFOs, as TOML.

The region is data, not code: Twente ships in ``resources/regions/twente.toml``; another region is
another file of the same shape.  Every problem is reported with where it is and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from regiodesk.errors import RegionFileError
from regiodesk.model.enums import AppointingBody, QuorumRule
from regiodesk.resources import resource_path

CBS_CODE = re.compile(r"^GM[0-9]{4}$")
E = TypeVar("E", QuorumRule, AppointingBody)


@dataclass(frozen=True)
class MunicipalityData:
    cbs_code: str
    name: str
    population: int
    reference_date: date


@dataclass(frozen=True)
class DomainData:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class PfoData:
    domain: str
    name: str
    short_name: str
    quorum_rule: QuorumRule


@dataclass(frozen=True)
class RegionData:
    code: str
    name: str
    appointing_body: AppointingBody
    appointment_threshold_pct: int
    municipalities: tuple[MunicipalityData, ...]
    domains: tuple[DomainData, ...]
    pfos: tuple[PfoData, ...]


def builtin_region_path(code: str = "twente") -> Path:
    return resource_path("regions", f"{code}.toml")


def load_region(path: Path) -> RegionData:
    """Read and check a region file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegionFileError(path=path, where="-", reason="the file does not exist") from None
    except UnicodeDecodeError as exc:
        raise RegionFileError(
            path=path, where="-", reason=f"not UTF-8 text ({exc.reason})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise RegionFileError(path=path, where="-", reason=str(exc)) from None
    return parse_region(raw, path)


def parse_region(raw: dict[str, Any], path: Path) -> RegionData:
    reader = _Reader(path)
    region = reader.table(raw, "region", "region")
    municipalities = tuple(
        MunicipalityData(
            cbs_code=reader.text(item, "cbs_code", where),
            name=reader.text(item, "name", where),
            population=reader.positive_int(item, "population", where),
            reference_date=reader.date(item, "reference_date", where),
        )
        for where, item in reader.array(raw, "municipalities")
    )
    seen_codes: set[str] = set()
    for index, municipality in enumerate(municipalities):
        where = f"municipalities[{index + 1}]"
        if not CBS_CODE.match(municipality.cbs_code):
            reader.fail(where, f"CBS code {municipality.cbs_code!r} is not of the form GM0000")
        if municipality.cbs_code in seen_codes:
            reader.fail(where, f"CBS code {municipality.cbs_code} appears twice")
        seen_codes.add(municipality.cbs_code)
    domains = tuple(
        DomainData(
            code=reader.text(item, "code", where),
            name=reader.text(item, "name", where),
            description=str(item.get("description", "")),
        )
        for where, item in reader.array(raw, "domains")
    )
    domain_codes = [domain.code for domain in domains]
    for index, code in enumerate(domain_codes):
        if domain_codes.index(code) != index:
            reader.fail(f"domains[{index + 1}]", f"domain code {code!r} appears twice")
    pfos = []
    for where, item in reader.array(raw, "pfos"):
        domain = reader.text(item, "domain", where)
        if domain not in domain_codes:
            reader.fail(where, f"domain {domain!r} is not one of the domains in this file")
        pfos.append(
            PfoData(
                domain=domain,
                name=reader.text(item, "name", where),
                short_name=reader.text(item, "short_name", where),
                quorum_rule=reader.choice(item, "quorum_rule", where, QuorumRule, "majority"),
            )
        )
    threshold = region.get("appointment_threshold_pct", 100)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 100:
        reader.fail("region", "appointment_threshold_pct must be a whole number from 1 to 100")
    return RegionData(
        code=reader.text(region, "code", "region"),
        name=reader.text(region, "name", "region"),
        appointing_body=reader.choice(
            region, "appointing_body", "region", AppointingBody, "municipalities"
        ),
        appointment_threshold_pct=threshold,
        municipalities=municipalities,
        domains=domains,
        pfos=tuple(pfos),
    )


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, reason: str) -> None:
        raise RegionFileError(path=self.path, where=where, reason=reason)

    def table(self, raw: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = raw.get(key)
        if not isinstance(value, dict):
            self.fail(where, f"the [{key}] table is missing")
        assert isinstance(value, dict)
        return value

    def array(self, raw: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            self.fail(key, f"there are no [[{key}]] entries")
        assert isinstance(value, list)
        entries = []
        for index, item in enumerate(value):
            where = f"{key}[{index + 1}]"
            if not isinstance(item, dict):
                self.fail(
                    where,
                    "each entry must be a table ([[{key}]] with fields)".replace("{key}", key),
                )
            entries.append((where, item))
        return entries

    def text(self, item: dict[str, Any], key: str, where: str) -> str:
        value = item.get(key)
        if value is None:
            self.fail(where, f"the field {key!r} is missing")
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"the field {key!r} must be non-empty text")
        return str(value).strip()

    def positive_int(self, item: dict[str, Any], key: str, where: str) -> int:
        value = item.get(key)
        if value is None:
            self.fail(where, f"the field {key!r} is missing")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(where, f"the field {key!r} must be a positive whole number")
        assert isinstance(value, int)
        return value

    def date(self, item: dict[str, Any], key: str, where: str) -> date:
        value = item.get(key)
        if value is None:
            self.fail(where, f"the field {key!r} is missing")
        if isinstance(value, datetime):
            self.fail(where, f"the field {key!r} is not a valid date but a moment: {value}")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(where, f"the field {key!r} is not a valid date (use YYYY-MM-DD): {value!r}")
        raise AssertionError  # unreachable

    def choice(self, item: dict[str, Any], key: str, where: str, enum: type[E], default: str) -> E:
        value = item.get(key, default)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.fail(where, f"the field {key!r} must be one of: {allowed}")
            raise AssertionError from None
