"""Translatable names of the organisation enums, for forms and pages."""
from flask_babel import lazy_gettext as _l

from .models import Accreditation, MembershipStatus, OrganisationType, SizeBand

TYPE_LABELS = {
    OrganisationType.CSO.value: _l("Civil-society organisation"),
    OrganisationType.NGO.value: _l("Non-governmental organisation"),
    OrganisationType.MIGRANT_ASSOCIATION.value: _l("Migrant association"),
    OrganisationType.COMMUNITY_GROUP.value: _l("Community-based group"),
    OrganisationType.FAITH_BASED.value: _l("Faith-based organisation"),
    OrganisationType.NEIGHBOURHOOD.value: _l("Neighbourhood association"),
    OrganisationType.TRADE_PROFESSIONAL.value: _l("Trade union or professional body"),
    OrganisationType.INTERNATIONAL.value: _l("International organisation"),
}

SIZE_BAND_LABELS = {
    SizeBand.TINY.value: _l("1 to 10"),
    SizeBand.SMALL.value: _l("11 to 50"),
    SizeBand.MEDIUM.value: _l("51 to 250"),
    SizeBand.LARGE.value: _l("251 to 1,000"),
    SizeBand.VERY_LARGE.value: _l("more than 1,000"),
}

STATUS_LABELS = {
    Accreditation.PENDING.value: _l("awaiting accreditation"),
    Accreditation.NEEDS_INFO.value: _l("more information requested"),
    Accreditation.ACCREDITED.value: _l("accredited"),
    Accreditation.SUSPENDED.value: _l("suspended"),
    Accreditation.REJECTED.value: _l("rejected"),
}

MEMBERSHIP_LABELS = {
    MembershipStatus.PENDING.value: _l("request waiting for a representative"),
    MembershipStatus.ACTIVE.value: _l("member"),
    MembershipStatus.REJECTED.value: _l("request declined"),
}


REPRESENTATIVE_LABEL = _l("representative")


def membership_label(membership) -> str:
    """'representative' for an active member who represents the organisation, else the status."""
    if membership.status == MembershipStatus.ACTIVE and membership.is_representative:
        return str(REPRESENTATIVE_LABEL)
    return str(MEMBERSHIP_LABELS[membership.status.value])


def labels() -> dict:
    return {"type_labels": TYPE_LABELS, "size_labels": SIZE_BAND_LABELS, "status_labels": STATUS_LABELS,
            "membership_labels": MEMBERSHIP_LABELS, "membership_label": membership_label}
