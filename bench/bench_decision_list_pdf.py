"""A 40-item decision list as a PDF: within 2x of the same text laid out with bare reportlab.

A fresh store holds the Twente region and one decided meeting of 40 agenda items, each with the
positions of all 14 municipalities (some with reasons), a decision, the participants, and every
fifth item an initiative with cost shares and an action.  Taking turns, the benchmark times

* ours: ``load_content`` (read from the store) + ``render_pdf`` (Dutch, embedded fonts, page x
  of y, signature boxes), and
* the floor: the same texts laid out the plainest way with reportlab's platypus
  (``SimpleDocTemplate``, a ``Paragraph`` per text, a ``Table`` per item's positions and shares,
  the built-in Helvetica, no page numbers), from content already in memory.

The figure is the ratio of the best (minimum) times.  The issue's whole target (built *and*
signed under 0.5 s) is measured by the signing benchmark; the time of ours is printed here.

    .venv/bin/python bench/bench_decision_list_pdf.py [--items 40] [--repeat 15]
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import common

if TYPE_CHECKING:
    from regiodesk.decision_list.content import DecisionListContent
    from regiodesk.store import Store

TARGET = 2.0


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=40, help="agenda items (default 40)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


def build_meeting(store: Store, items: int) -> str:
    """The region, a PFO with all 14 municipalities as members, and one decided meeting."""
    from regiodesk.commands import actions, agenda, decisions, initiatives, meetings, region
    from regiodesk.commands.agenda import ItemSpec
    from regiodesk.commands.positions import PositionSpec, record_roll_call
    from regiodesk.model.enums import DecisionOutcome, ItemKind, PositionKind
    from regiodesk.permissions import SYSTEM
    from regiodesk.region_file import builtin_region_path, load_region
    from regiodesk.timeutil import AMSTERDAM

    region.import_region(store, load_region(builtin_region_path()), SYSTEM)
    municipalities = store.query("SELECT id, name FROM municipality ORDER BY name")
    pfo_id = str(store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO MOB'"))
    people = {}
    for row in municipalities:
        person = region.add_person(store, SYSTEM, f"Wethouder {row['name']}", row["id"])
        region.add_membership(store, SYSTEM, pfo_id, person, row["id"], date(2020, 1, 1))
        people[row["id"]] = person
    chair = next(iter(people.values()))
    starts = datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
    meeting_id = meetings.create_meeting(
        store,
        SYSTEM,
        pfo_id,
        starts,
        starts.replace(hour=12),
        location="Stadhuis Enschede",
        chair_id=chair,
    )
    item_ids = agenda.add_agenda_items(
        store,
        SYSTEM,
        meeting_id,
        [
            ItemSpec(
                f"Regionaal programma {n}: uitvoering en financiering",
                ItemKind.DECISION,
                proposal="Het PFO wordt gevraagd in te stemmen met het programma en de "
                "verdeling van de kosten over de deelnemende gemeenten. " * 2,
            )
            for n in range(1, items + 1)
        ],
    )
    kinds = [PositionKind.AGREE] * 8 + [
        PositionKind.AGREE_SUBJECT_TO_COUNCIL,
        PositionKind.ABSTAIN,
        PositionKind.NOT_PARTICIPATING,
    ]
    record_roll_call(
        store,
        SYSTEM,
        meeting_id,
        {
            item_id: [
                PositionSpec(
                    row["id"],
                    kinds[(n + index) % len(kinds)],
                    "Wij doen niet mee; de opgave lossen wij lokaal op."
                    if kinds[(n + index) % len(kinds)] is PositionKind.NOT_PARTICIPATING
                    else "",
                )
                for index, row in enumerate(municipalities)
            ]
            for n, item_id in enumerate(item_ids)
        },
    )
    for n, item_id in enumerate(item_ids):
        decision = decisions.record_decision(
            store,
            SYSTEM,
            item_id,
            "Het PFO stemt in met het programma; de deelnemers dragen de kosten naar rato.",
            DecisionOutcome.ADOPTED_BY_COALITION,
            to_councils=n % 3 == 0,
            council_deadline=date(2027, 4, 1) if n % 3 == 0 else None,
        )
        if n % 5 == 0:
            initiative = initiatives.create_initiative(
                store,
                SYSTEM,
                f"Programma {n + 1}",
                budget_per_year=Decimal("312000.00"),
                start_year=2027,
                end_year=2030,
                pfo_id=pfo_id,
                reference_date=date(2024, 1, 1),
            )
            initiatives.set_participants(store, SYSTEM, initiative, agenda_item_id=item_id)
            agenda.update_agenda_item(store, SYSTEM, item_id, initiative_id=initiative)
            actions.add_action(
                store,
                SYSTEM,
                meeting_id,
                "Uitvoeringsplan opstellen en delen met de colleges",
                holder_person_id=chair,
                deadline=date(2027, 2, 1),
                decision_id=decision,
            )
    return meeting_id


def bare_reportlab(content: DecisionListContent) -> bytes:
    """The floor: the same texts, laid out with plain platypus calls."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    story: list[Any] = [Paragraph(f"Besluitenlijst {content.pfo}", styles["Title"])]
    story.append(Table([[a.municipality, a.status.value, a.person] for a in content.attendance]))
    for item in content.items:
        story.append(Paragraph(f"{item.number} {item.title}", styles["Heading3"]))
        story.append(Paragraph(item.proposal, styles["BodyText"]))
        if item.decision is not None:
            story.append(Paragraph(item.decision.text, styles["BodyText"]))
            story.append(Paragraph(item.decision.outcome.value, styles["BodyText"]))
        rows = [["Gemeente", "Standpunt", "Reden"]] + [
            [p.municipality, p.kind.value, Paragraph(p.reason, styles["BodyText"])]
            for p in item.positions
        ]
        story.append(Table(rows, repeatRows=1))
        story.append(Paragraph(", ".join(m.name for m in item.participants), styles["BodyText"]))
        if item.cost_sharing is not None:
            story.append(
                Table(
                    [
                        [s.municipality, str(s.population), str(s.share)]
                        for s in item.cost_sharing.shares
                    ],
                    repeatRows=1,
                )
            )
    story.append(
        Table([[a.description, a.holder, str(a.deadline), a.status.value] for a in content.actions])
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from regiodesk.decision_list.content import load_content
    from regiodesk.decision_list.pdf import render_pdf
    from regiodesk.store import Store

    report = common.Report("decision_list_pdf")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    folder = common.scratch_dir("decision-list-")
    store = Store.open(Path(folder) / "bench.sqlite")
    try:
        meeting_id = build_meeting(store, arguments.items)
        content = load_content(store, meeting_id)

        def ours() -> Any:
            return render_pdf(load_content(store, meeting_id), language="nl")

        def floor() -> Any:
            return bare_reportlab(content)

        rendered, plain = ours(), floor()  # warm-up: fonts, styles, imports
        times = common.interleaved({"ours": ours, "floor": floor}, arguments.repeat)
    finally:
        store.close()
        common.remove_store_files(Path(folder) / "bench.sqlite")
    report.line("agenda items", len(content.items))
    report.line("positions", sum(len(item.positions) for item in content.items))
    report.line("pages, ours", rendered.pages)
    report.line("size, ours", len(rendered.pdf), "bytes")
    report.line("size, bare reportlab", len(plain), "bytes")
    report.line("load + render, ours (min)", common.ms(min(times["ours"])), "ms")
    report.line("load + render, ours (median)", common.ms(common.median(times["ours"])), "ms")
    report.line("bare reportlab (min)", common.ms(min(times["floor"])), "ms")
    report.line("bare reportlab (median)", common.ms(common.median(times["floor"])), "ms")
    report.summary("ratio", min(times["ours"]) / min(times["floor"]), "<=", TARGET)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
