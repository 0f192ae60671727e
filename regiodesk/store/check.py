"""``regiodesk-cli check``: is the store whole, and does its change log explain every row?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from regiodesk.changelog.rebuild import compare, rebuild
from regiodesk.store.search_index import search_index_problems
from regiodesk.store.store import Store


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    entries: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store, step: Callable[[str], None] | None = None) -> CheckReport:
    report = CheckReport()
    say = step or (lambda _text: None)
    say("integrity")
    for (line,) in store.conn.execute("PRAGMA integrity_check"):
        if line != "ok":
            report.problems.append(f"integrity: {line}")
    say("foreign keys")
    for table, rowid, parent, _index in store.conn.execute("PRAGMA foreign_key_check"):
        report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    say("sequences")
    for device, first, last, count in store.conn.execute(
        "SELECT d.device_id, min(c.seq), max(c.seq), count(*) FROM change_log c "
        "JOIN device d ON d.no = c.device_no GROUP BY c.device_no"
    ):
        if first != 1 or last != count:
            report.problems.append(
                f"change log: device {device} has sequence numbers {first}..{last} "
                f"with {count} entries (a gap or a duplicate)"
            )
        report.entries += count
    say("search index")
    report.problems.extend(search_index_problems(store))
    say("rebuild")
    rebuilt = rebuild(store.conn)
    try:
        differences = compare(store.conn, rebuilt)
    finally:
        rebuilt.close()
    for difference in differences[:20]:
        report.problems.append(
            f"change log: {difference.table} {difference.entity_id}: {difference.problem}"
        )
    if len(differences) > 20:
        report.problems.append(f"change log: {len(differences) - 20} more differences")
    return report
