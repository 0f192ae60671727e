"""The fixed vocabularies of the domain, with their labels (translated when shown)."""

from __future__ import annotations

from enum import StrEnum

from regiodesk.i18n import N_, _


class Labelled(StrEnum):
    """An enum whose members have a human label."""

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])


class MeetingStatus(Labelled):
    DRAFT = "draft"
    PUBLISHED = "published"
    IN_SESSION = "in_session"
    CLOSED = "closed"
    ADOPTED = "adopted"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "draft": N_("draft"),
            "published": N_("published"),
            "in_session": N_("in session"),
            "closed": N_("closed"),
            "adopted": N_("adopted"),
        }


class ItemKind(Labelled):
    INFORMATION = "information"
    DISCUSSION = "discussion"
    DECISION = "decision"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "information": N_("for information"),
            "discussion": N_("for discussion"),
            "decision": N_("for decision"),
        }


class PositionKind(Labelled):
    AGREE = "agree"
    AGREE_SUBJECT_TO_COUNCIL = "agree_subject_to_council"
    ABSTAIN = "abstain"
    DISAGREE = "disagree"
    NOT_PARTICIPATING = "not_participating"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "agree": N_("agree"),
            "agree_subject_to_council": N_("agree subject to council"),
            "abstain": N_("abstain"),
            "disagree": N_("disagree"),
            "not_participating": N_("does not participate"),
        }

    @property
    def needs_reason(self) -> bool:
        return self in (PositionKind.DISAGREE, PositionKind.NOT_PARTICIPATING)

    @property
    def participates(self) -> bool:
        """Whether a municipality with this position joins (a coalition of the willing)."""
        return self in (PositionKind.AGREE, PositionKind.AGREE_SUBJECT_TO_COUNCIL)


class DecisionOutcome(Labelled):
    ADOPTED_BY_ALL = "adopted_by_all"
    ADOPTED_BY_COALITION = "adopted_by_coalition"
    NOT_ADOPTED = "not_adopted"
    DEFERRED = "deferred"
    NOTED = "noted"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "adopted_by_all": N_("adopted by all"),
            "adopted_by_coalition": N_("adopted by a coalition of the willing"),
            "not_adopted": N_("not adopted"),
            "deferred": N_("deferred"),
            "noted": N_("taken note of"),
        }


class ActionStatus(Labelled):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "open": N_("open"),
            "in_progress": N_("in progress"),
            "done": N_("done"),
            "cancelled": N_("cancelled"),
        }


class CouncilStatus(Labelled):
    TO_SCHEDULE = "to_schedule"
    SCHEDULED = "scheduled"
    ADOPTED = "adopted"
    ADOPTED_AMENDED = "adopted_amended"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "to_schedule": N_("to be scheduled"),
            "scheduled": N_("scheduled"),
            "adopted": N_("adopted"),
            "adopted_amended": N_("adopted with amendments"),
            "rejected": N_("rejected"),
            "withdrawn": N_("withdrawn"),
        }


class AttendanceStatus(Labelled):
    PRESENT = "present"
    REPRESENTED = "represented"
    ABSENT_WITH_NOTICE = "absent_with_notice"
    ABSENT = "absent"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "present": N_("present"),
            "represented": N_("represented"),
            "absent_with_notice": N_("absent with notice"),
            "absent": N_("absent"),
        }


class CostKey(Labelled):
    PER_INHABITANT = "per_inhabitant"
    EQUAL = "equal"
    CUSTOM = "custom"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "per_inhabitant": N_("per inhabitant"),
            "equal": N_("equal shares"),
            "custom": N_("custom percentages"),
        }


class Role(Labelled):
    SECRETARY = "secretary"
    ADMIN = "admin"
    GUEST = "guest"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "secretary": N_("secretary"),
            "admin": N_("administrator"),
            "guest": N_("guest"),
        }


class QuorumRule(Labelled):
    MAJORITY = "majority"
    MAJORITY_BY_POPULATION = "majority_by_population"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "majority": N_("majority of member municipalities"),
            "majority_by_population": N_("majority weighted by population"),
        }


class NominationStatus(Labelled):
    PROPOSED = "proposed"
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    WITHDRAWN = "withdrawn"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "proposed": N_("proposed"),
            "recommended": N_("recommended by the PFO"),
            "not_recommended": N_("not recommended"),
            "withdrawn": N_("withdrawn"),
        }


class AppointmentStatus(Labelled):
    PENDING = "pending"
    EFFECTIVE = "effective"
    ENDED = "ended"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"pending": N_("pending"), "effective": N_("in office"), "ended": N_("ended")}


class AppointmentVote(Labelled):
    PENDING = "pending"
    APPOINTED = "appointed"
    NOT_APPOINTED = "not_appointed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "pending": N_("pending"),
            "appointed": N_("appointed"),
            "not_appointed": N_("not appointed"),
        }


class AppointingBody(Labelled):
    MUNICIPALITIES = "municipalities"
    GENERAL_BOARD = "general_board"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "municipalities": N_("each municipality"),
            "general_board": N_("the general board"),
        }


class DecisionListStatus(Labelled):
    DRAFT = "draft"
    SIGNED = "signed"
    ADOPTED = "adopted"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"draft": N_("draft"), "signed": N_("signed"), "adopted": N_("adopted")}


# The Twente-dag (region day) ----------------------------------------------------------------


class SlotKind(Labelled):
    ROUND = "round"
    PLENARY = "plenary"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"round": N_("round"), "plenary": N_("plenary")}


class PreferenceKind(Labelled):
    MUST = "must"
    WANT = "want"
    NOT = "not"
    RANKED = "ranked"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "must": N_("must"),
            "want": N_("want"),
            "not": N_("not"),
            "ranked": N_("ranked"),
        }


class YieldKind(Labelled):
    QUESTION = "question"
    STATEMENT = "statement"
    PROPOSAL = "proposal"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "question": N_("question"),
            "statement": N_("guiding statement"),
            "proposal": N_("proposal"),
        }
