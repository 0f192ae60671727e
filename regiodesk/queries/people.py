"""People, their memberships and roles: for choosing who you are, and for "my PFOs"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regiodesk.store import Store


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str
    title: str
    municipality_id: str | None
    municipality: str | None
    roles: tuple[str, ...]  # "secretary", "admin", PFO short names of current memberships


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    cbs_code: str


@dataclass(frozen=True)
class MyPfo:
    id: str
    name: str
    short_name: str
    domain: str
    municipality: str | None  # whom I represent there (None for a secretary)
    role: str  # "member" or "secretary"
    next_meeting_id: str | None
    next_meeting_at: str | None
    upcoming: int


def municipalities(store: Store) -> list[Municipality]:
    return [
        Municipality(row["id"], row["name"], row["cbs_code"])
        for row in store.query(
            "SELECT id, name, cbs_code FROM municipality WHERE deleted = 0 ORDER BY name"
        )
    ]


def people_to_choose(store: Store, on: date | None = None) -> list[PersonChoice]:
    """People who hold a current membership or role, for "who are you?"."""
    today = (on or date.today()).isoformat()
    roles: dict[str, list[str]] = {}
    for row in store.query(
        "SELECT ms.person_id, p.short_name FROM membership ms JOIN pfo p ON p.id = ms.pfo_id "
        'WHERE ms.deleted = 0 AND ms.start <= ? AND (ms."end" IS NULL OR ms."end" >= ?) '
        "ORDER BY p.short_name",
        (today, today),
    ):
        roles.setdefault(row["person_id"], []).append(row["short_name"])
    for row in store.query(
        "SELECT person_id, role FROM role_assignment WHERE deleted = 0 AND start <= ? "
        'AND ("end" IS NULL OR "end" >= ?)',
        (today, today),
    ):
        roles.setdefault(row["person_id"], []).insert(0, row["role"])
    if not roles:
        return []
    marks = ",".join("?" for _ in roles)
    return [
        PersonChoice(
            id=row["id"],
            name=row["name"],
            title=row["title"],
            municipality_id=row["municipality_id"],
            municipality=row["municipality"],
            roles=tuple(dict.fromkeys(roles[row["id"]])),
        )
        for row in store.query(
            "SELECT p.id, p.name, p.title, p.municipality_id, m.name AS municipality "
            "FROM person p LEFT JOIN municipality m ON m.id = p.municipality_id "
            f"WHERE p.deleted = 0 AND p.id IN ({marks}) ORDER BY m.name, p.name",
            tuple(roles),
        )
    ]


def my_pfos(store: Store, person_id: str, now: str | None = None) -> list[MyPfo]:
    """The PFOs I am a member (or the secretary) of, with their next meeting."""
    from regiodesk.timeutil import to_text, utc_now

    moment = now or to_text(utc_now())
    today = moment[:10]
    rows = store.query(
        """
        SELECT p.id, p.name, p.short_name, d.name AS domain, mu.name AS municipality,
               'member' AS role
        FROM membership ms JOIN pfo p ON p.id = ms.pfo_id JOIN domain d ON d.id = p.domain_id
        JOIN municipality mu ON mu.id = ms.municipality_id
        WHERE ms.person_id = :person AND ms.deleted = 0 AND ms.start <= :today
          AND (ms."end" IS NULL OR ms."end" >= :today)
        UNION ALL
        SELECT p.id, p.name, p.short_name, d.name, NULL, 'secretary'
        FROM role_assignment r JOIN pfo p ON (r.pfo_id = p.id OR r.pfo_id IS NULL)
        JOIN domain d ON d.id = p.domain_id
        WHERE r.person_id = :person AND r.deleted = 0 AND r.role IN ('secretary', 'admin')
          AND r.start <= :today AND (r."end" IS NULL OR r."end" >= :today)
        ORDER BY 3
        """,
        {"person": person_id, "today": today},
    )
    result: list[MyPfo] = []
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        upcoming = store.query(
            "SELECT id, starts_at FROM meeting WHERE pfo_id = ? AND deleted = 0 AND starts_at >= ? "
            "ORDER BY starts_at",
            (row["id"], moment),
        )
        result.append(
            MyPfo(
                id=row["id"],
                name=row["name"],
                short_name=row["short_name"],
                domain=row["domain"],
                municipality=row["municipality"],
                role=row["role"],
                next_meeting_id=upcoming[0]["id"] if upcoming else None,
                next_meeting_at=upcoming[0]["starts_at"] if upcoming else None,
                upcoming=len(upcoming),
            )
        )
    return result


def person_name(store: Store, person_id: str | None) -> str:
    if not person_id:
        return ""
    return str(store.scalar("SELECT name FROM person WHERE id = ?", (person_id,)) or "")
