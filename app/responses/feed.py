"""The Atom feed of a council: its published responses and the updates on its commitments.

Written with the standard library's ElementTree (no feed library is installed): Atom needs little, and
ElementTree escapes every text, so a proposal's title cannot break the XML. Entries carry the same
public data as the API (app/responses/api/reading.py): no person (the author is the council), no
hidden proposal. A correction is a new entry: each published version keeps its own id."""
from xml.etree import ElementTree as ET

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.clock import utcnow

from .models import CommitmentStatus, Decision

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50

DECISIONS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.ACCEPTED_IN_PART: _l("Accepted in part"),
    Decision.UNDER_STUDY: _l("Under study"),
    Decision.NOT_ACCEPTED: _l("Not accepted"),
    Decision.OUTSIDE_MANDATE: _l("Outside the municipal mandate"),
}

STATUSES = {
    CommitmentStatus.PLANNED: _l("Planned"),
    CommitmentStatus.IN_PROGRESS: _l("In progress"),
    CommitmentStatus.DONE: _l("Done"),
    CommitmentStatus.DROPPED: _l("Dropped"),
}


def council_feed(council, events: list[dict]) -> bytes:
    """The feed document (UTF-8 XML) for the newest events, newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": str(get_locale())})
    _add(root, "id", _tag(f"council/{council.id}"))
    _add(root, "title", _("Responses and commitments: %(council)s", council=council.name))
    _add(root, "updated", (events[0]["at"] if events else utcnow()).isoformat())
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _add(author, "name", council.name)
    _link(root, url_for("api.council_feed", council_id=council.id, _external=True), "self")
    _link(root, url_for("main.council", council_id=council.id, _external=True), "alternate")
    for event in events:
        (_response_entry if event["kind"] == "response" else _update_entry)(root, event)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _response_entry(root, event: dict) -> None:
    version, response = event["version"], event["response"]
    entry = ET.SubElement(root, f"{{{ATOM}}}entry")
    _add(entry, "id", _tag(f"response/{response['id']}/version/{version['version']}"))
    title = _("%(decision)s: %(subject)s", decision=DECISIONS[Decision(version["decision"])],
              subject=event["subject"])
    if version["version"] > 1:
        title = _("Corrected response (version %(number)d): %(title)s", number=version["version"], title=title)
    _add(entry, "title", title)
    _add(entry, "updated", version["published_at"].isoformat())
    _add(entry, "published", version["published_at"].isoformat())
    _link(entry, _subject_url(event), "alternate")
    text = version["reason"]
    if version["referral_authority"]:
        text += "\n\n" + _("Referred to: %(authority)s", authority=version["referral_authority"])
    if version["correction_reason"]:
        text += "\n\n" + _("Why it was corrected: %(reason)s", reason=version["correction_reason"])
    _add(entry, "content", text, type="text")


def _update_entry(root, event: dict) -> None:
    commitment, update = event["commitment"], event["update"]
    entry = ET.SubElement(root, f"{{{ATOM}}}entry")
    _add(entry, "id", _tag(f"commitment/{commitment['id']}/update/{update['id']}"))
    _add(entry, "title", _("%(status)s: %(commitment)s", status=STATUSES[CommitmentStatus(update["status"])],
                           commitment=commitment["what"]))
    _add(entry, "updated", update["created_at"].isoformat())
    _link(entry, _subject_url(event), "alternate")
    _add(entry, "content", update["body"] or commitment["what"], type="text")


def _subject_url(event: dict) -> str:
    proposal_id = event["response"]["proposal_id"]
    if proposal_id is not None:
        return url_for("proposals.proposal", proposal_id=proposal_id, _external=True)
    return url_for("consultations.detail", consultation_id=event["consultation"].id, _external=True)


def _tag(specific: str) -> str:
    """A permanent entry id (RFC 4151 tag URI) on this site's host name."""
    return f"tag:{request.host.split(':')[0]},2026:majlis/{specific}"


def _add(parent, name: str, text: str, **attributes) -> None:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = _xml_safe(str(text))


def _link(parent, href: str, rel: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href})


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them rather than break the feed."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20 and not 0xFFFE <= ord(c) <= 0xFFFF
                   and not 0xD800 <= ord(c) <= 0xDFFF)
