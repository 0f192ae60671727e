"""Region data files (regiodesk/region_file.py): the built-in Twente file, and bad files."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from regiodesk import errors
from regiodesk.model.enums import AppointingBody, QuorumRule
from regiodesk.region_file import builtin_region_path, load_region

#: The 14 Twente municipalities of domain.md: CBS code -> (name, population, reference date).
TWENTE = {
    "GM0141": ("Almelo", 74_355, date(2024, 1, 1)),
    "GM0147": ("Borne", 24_632, date(2024, 1, 1)),
    "GM1774": ("Dinkelland", 26_741, date(2024, 1, 1)),
    "GM0153": ("Enschede", 161_741, date(2024, 1, 1)),
    "GM0158": ("Haaksbergen", 24_360, date(2024, 1, 1)),
    "GM0163": ("Hellendoorn", 36_271, date(2024, 1, 1)),
    "GM0164": ("Hengelo", 83_051, date(2024, 1, 1)),
    "GM1735": ("Hof van Twente", 35_438, date(2024, 1, 1)),
    "GM0168": ("Losser", 23_380, date(2024, 1, 1)),
    "GM0173": ("Oldenzaal", 31_794, date(2024, 1, 1)),
    "GM1742": ("Rijssen-Holten", 38_676, date(2024, 1, 1)),
    "GM0183": ("Tubbergen", 21_393, date(2024, 1, 1)),
    "GM1700": ("Twenterand", 34_071, date(2024, 1, 1)),
    "GM0189": ("Wierden", 24_637, date(2022, 1, 1)),
}

SMALL = """
[region]
code = "klein"
name = "Regio Klein"

[[municipalities]]
cbs_code = "GM0001"
name = "Eerstedorp"
population = 1000
reference_date = 2024-01-01

[[municipalities]]
cbs_code = "GM0002"
name = "Tweedestad"
population = 2000
reference_date = 2024-01-01

[[municipalities]]
cbs_code = "GM0003"
name = "Derdeveen"
population = 3000
reference_date = "2024-01-01"

[[domains]]
code = "mobiliteit"
name = "Mobiliteit"

[[pfos]]
domain = "mobiliteit"
name = "PFO Mobiliteit"
short_name = "PFO MOB"
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "region.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def with_third(field: str, value: str | None) -> str:
    """SMALL with one field of the third municipality replaced (None: removed)."""
    third = SMALL.index('cbs_code = "GM0003"')
    head, tail = SMALL[:third], SMALL[third:]
    lines = tail.split("\n")
    for index, line in enumerate(lines[:5]):
        if line.startswith(f"{field} ="):
            if value is None:
                del lines[index]
            else:
                lines[index] = f"{field} = {value}"
            break
    else:
        raise AssertionError(field)
    return head + "\n".join(lines)


def test_the_builtin_twente_file() -> None:
    region = load_region(builtin_region_path())
    assert (region.code, region.name) == ("twente", "Regio Twente")
    assert region.appointing_body is AppointingBody.MUNICIPALITIES
    assert region.appointment_threshold_pct == 80  # the demo region: 12 of 14 is enough
    found = {m.cbs_code: (m.name, m.population, m.reference_date) for m in region.municipalities}
    assert found == TWENTE
    assert len(region.pfos) == 8
    assert len({p.short_name for p in region.pfos}) == 8
    domains = {d.code for d in region.domains}
    assert all(p.domain in domains for p in region.pfos)
    assert {p.quorum_rule for p in region.pfos} <= set(QuorumRule)


def test_a_small_valid_file(tmp_path: Path) -> None:
    region = load_region(write(tmp_path, SMALL))
    assert [m.cbs_code for m in region.municipalities] == ["GM0001", "GM0002", "GM0003"]
    assert region.municipalities[2].reference_date == date(2024, 1, 1)  # a date given as text
    assert region.pfos[0].quorum_rule is QuorumRule.MAJORITY
    assert region.domains[0].description == ""


BAD_MUNICIPALITY = [
    ("cbs_code", None, "'cbs_code' is missing"),
    ("name", None, "'name' is missing"),
    ("population", None, "'population' is missing"),
    ("reference_date", None, "'reference_date' is missing"),
    ("cbs_code", '"GM0002"', "appears twice"),
    ("cbs_code", '"GM03"', "not of the form GM0000"),
    ("cbs_code", '"gm0003"', "not of the form GM0000"),
    ("cbs_code", '"XX0003"', "not of the form GM0000"),
    ("cbs_code", '"GM٠٠٠٣"', "not of the form GM0000"),  # Arabic-Indic digits are no CBS code
    ("name", '"   "', "non-empty text"),
    ("name", "12", "non-empty text"),
    ("population", "0", "positive whole number"),
    ("population", "-25", "positive whole number"),
    ("population", "1.5", "positive whole number"),
    ("population", "true", "positive whole number"),
    ("population", '"1000"', "positive whole number"),
    ("reference_date", '"2024-02-30"', "not a valid date"),
    ("reference_date", '"1-1-2024"', "not a valid date"),
    ("reference_date", "20240101", "not a valid date"),
    ("reference_date", "2024-01-01T00:00:00", "is not a valid date"),  # a moment is no date
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_MUNICIPALITY)
def test_a_bad_municipality_is_reported_with_where_and_what(
    tmp_path: Path, field: str, value: str | None, reason: str
) -> None:
    path = write(tmp_path, with_third(field, value))
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(path)
    assert caught.value.data["where"] == "municipalities[3]"
    assert reason in caught.value.data["reason"]
    message = str(caught.value)
    assert str(path) in message
    assert "municipalities[3]" in message


def test_an_unknown_domain_in_a_pfo(tmp_path: Path) -> None:
    text = SMALL + '\n[[pfos]]\ndomain = "wonen"\nname = "PFO Wonen"\nshort_name = "PFO W"\n'
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    assert caught.value.data["where"] == "pfos[2]"
    assert "'wonen'" in caught.value.data["reason"]


def test_an_unknown_quorum_rule(tmp_path: Path) -> None:
    text = SMALL.replace('short_name = "PFO MOB"', 'short_name = "PFO MOB"\nquorum_rule = "loting"')
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    assert caught.value.data["where"] == "pfos[1]"
    assert "majority" in caught.value.data["reason"]


def test_a_duplicate_domain_code(tmp_path: Path) -> None:
    text = SMALL.replace(
        "[[pfos]]", '[[domains]]\ncode = "mobiliteit"\nname = "Nog eens"\n\n[[pfos]]'
    )
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    assert caught.value.data["where"] == "domains[2]"


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda t: t.replace('[region]\ncode = "klein"\nname = "Regio Klein"\n', ""), "region"),
        (lambda t: t.replace('name = "Regio Klein"', ""), "region"),
        (
            lambda t: t.replace(
                'name = "Regio Klein"', 'name = "Regio Klein"\nappointing_body = "koning"'
            ),
            "region",
        ),
        (
            lambda t: t.replace(
                'name = "Regio Klein"', 'name = "Regio Klein"\nappointment_threshold_pct = 0'
            ),
            "region",
        ),
        (
            lambda t: t.replace(
                'name = "Regio Klein"', 'name = "Regio Klein"\nappointment_threshold_pct = true'
            ),
            "region",
        ),
        (lambda t: t[: t.index("[[domains]]")], "domains"),
        (lambda t: t[: t.index("[[pfos]]")], "pfos"),
    ],
    ids=[
        "no-region",
        "no-region-name",
        "bad-body",
        "threshold-0",
        "threshold-bool",
        "no-domains",
        "no-pfos",
    ],
)
def test_problems_outside_the_municipalities(tmp_path: Path, edit: object, where: str) -> None:
    text = edit(SMALL)  # type: ignore[operator]
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    assert caught.value.data["where"] == where


def test_an_entry_that_is_not_a_table(tmp_path: Path) -> None:
    """``municipalities = ["GM0001", 2]`` instead of [[municipalities]] tables."""
    without = SMALL[: SMALL.index("[[municipalities]]")] + SMALL[SMALL.index("[[domains]]") :]
    text = 'municipalities = ["GM0001", 2]\n' + without
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    assert caught.value.data["where"] == "municipalities[1]"


def test_a_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = SMALL.replace('name = "Tweedestad"', 'name = "Tweedestad')
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(write(tmp_path, text))
    line = text.split("\n").index('name = "Tweedestad') + 1
    assert f"line {line}" in caught.value.data["reason"]
    with pytest.raises(tomllib.TOMLDecodeError):  # (the reason is tomllib's own message)
        tomllib.loads(text)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.replace("Tweedestad", "Tweedestäd").encode("latin-1"))
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(path)
    assert "UTF-8" in caught.value.data["reason"]
    assert str(path) in str(caught.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.RegionFileError) as caught:
        load_region(tmp_path / "nergens.toml")
    assert "does not exist" in str(caught.value)
