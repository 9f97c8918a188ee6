"""Translatable names for the moderation pages."""
from flask_babel import lazy_gettext as _l

from .models import DimensionKind, FundingKind, ReportReason

REPORT_REASON_LABELS = {
    ReportReason.OFFENSIVE.value: _l("Offensive or hateful"),
    ReportReason.PERSONAL_DATA.value: _l("Reveals personal data"),
    ReportReason.SPAM.value: _l("Spam or advertising"),
    ReportReason.OFF_TOPIC.value: _l("Off topic"),
    ReportReason.OTHER.value: _l("Something else"),
}
REPORT_KIND_LABELS = {"proposal": _l("proposal"), "feedback": _l("reply"), "statement": _l("statement")}
DIMENSION_LABELS = {
    DimensionKind.ORIGIN_REGION.value: _l("Region of origin"),
    DimensionKind.GENDER.value: _l("Gender"),
    DimensionKind.AGE_BAND.value: _l("Age band"),
    DimensionKind.NEIGHBOURHOOD.value: _l("Neighbourhood"),
    DimensionKind.LANGUAGE.value: _l("Language"),
    DimensionKind.YEARS_IN_CITY.value: _l("Years in the city"),
    DimensionKind.OTHER.value: _l("Other"),
}
FUNDING_LABELS = {
    FundingKind.MEMBERS.value: _l("Members' fees"),
    FundingKind.LOCAL_PUBLIC.value: _l("City or regional funds"),
    FundingKind.NATIONAL_PUBLIC.value: _l("National public funds"),
    FundingKind.INTERNATIONAL.value: _l("International donors"),
    FundingKind.FOUNDATIONS.value: _l("Private foundations"),
    FundingKind.DONATIONS.value: _l("Individual donations"),
    FundingKind.NONE.value: _l("No funding"),
    "unclassified": _l("Not classified yet"),
}
DECISION_LABELS = {
    "accredited": _l("Accredit"),
    "needs_info": _l("Ask for more information"),
    "rejected": _l("Reject"),
    "suspended": _l("Suspend"),
}


CHANNEL_TITLES = {"proposals": _l("Proposals"), "feedback": _l("Replies"), "supports": _l("Supports"),
                  "votes": _l("Votes")}


def dimension_name(dimension) -> str:
    return dimension.label if dimension.kind == "other" else str(DIMENSION_LABELS[dimension.kind.value])


def labels() -> dict:
    return {"report_reason_labels": REPORT_REASON_LABELS, "report_kind_labels": REPORT_KIND_LABELS,
            "dimension_labels": DIMENSION_LABELS, "funding_labels": FUNDING_LABELS,
            "decision_labels": DECISION_LABELS, "dimension_name": dimension_name,
            "channel_titles": CHANNEL_TITLES, "channel_labels": _channels()}


def _channels() -> dict:
    from .dashboard import CHANNELS

    return CHANNELS
