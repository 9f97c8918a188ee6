"""The secretariat's import page: upload and preview, then a confirming second POST that checks the
file again; errors answer 422 and keep what was typed; only the consultation council's secretariat
and the admin may import; CSRF is enforced."""
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.consultations import importing
from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.organisations.models import Organisation
from tests.conftest import csrf_token
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory, admin,
                             commissioner, council_member, moderator)

GOOD = ("id,title,texte\n"
        "a1,Night buses to the airport,Buses every hour at night from the centre.\n"
        "a2,Cours de français le soir,Des cours gratuits après le travail.\n"
        "a3,مكتب استقبال للمهاجرين,نقترح مكتبا لاستقبال القادمين الجدد في البلدية\n")
COLUMNS = {"title_col": "title", "body_col": "texte", "id_col": "id", "language_col": "", "organisation_col": ""}
TOKEN_IN_PAGE = re.compile(r'name="upload" type="hidden" value="([^"]+)"')


def count() -> int:
    return db.session.scalar(select(func.count(Proposal.id)))


def upload(client, consultation, text, columns=COLUMNS, name="proposals.csv", **extra):
    url = f"/consultations/{consultation.id}/import"
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), name),
                                  **columns, **extra}, content_type="multipart/form-data")


def confirm(client, consultation, token, columns=COLUMNS):
    return client.post(f"/consultations/{consultation.id}/import/confirm",
                       data={"csrf_token": csrf_token(client, "/"), "upload": token, **columns})


def token_of(page) -> str:
    return TOKEN_IN_PAGE.search(page.get_data(as_text=True)).group(1)


@pytest.fixture
def consultation(db):
    return ConsultationFactory(phase="open")


def test_a_moderator_previews_then_confirms(client, login, consultation, app):
    person = login(moderator(consultation.council))
    manage = client.get(f"/consultations/{consultation.id}/manage").get_data(as_text=True)
    assert f'href="/consultations/{consultation.id}/import"' in manage
    assert client.get(f"/consultations/{consultation.id}/import").status_code == 200

    preview = upload(client, consultation, GOOD)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Night buses to the airport" in page and "مكتب استقبال للمهاجرين" in page and "3 new proposals" in page
    assert f'action="/consultations/{consultation.id}/import/confirm"' in page
    assert count() == 0  # a preview imports nothing

    token = token_of(preview)
    done = confirm(client, consultation, token)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/consultations/{consultation.id}")
    assert count() == 3
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposals.imported"))
    assert entry.actor_id == person.id and entry.details["added"] == 3
    assert not list((Path(app.instance_path) / "imports").glob(f"*{token}*"))  # the kept file is gone
    listing = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Night buses to the airport" in listing
    imported = db.session.scalar(select(Proposal).where(Proposal.external_id == "a3"))
    shown = client.get(f"/consultations/proposals/{imported.id}")
    assert shown.status_code == 200 and "نقترح مكتبا لاستقبال القادمين الجدد" in shown.get_data(as_text=True)


def test_imported_markup_is_cleaned_like_a_typed_proposals(client, login, consultation):
    login(moderator(consultation.council))
    text = 'id,title,texte\nx1,Markup,"**Bold** text\n\n<script>alert(1)</script><p onclick=""steal()"">CONSUL</p>"\n'
    assert confirm(client, consultation, token_of(upload(client, consultation, text))).status_code == 302
    proposal = db.session.scalar(select(Proposal))
    page = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert "<strong>Bold</strong> text" in page and "<p>CONSUL</p>" in page
    assert "<script>alert(1)" not in page and "steal()" not in page


def test_a_retried_confirmation_adds_nothing(client, login, consultation):
    login(moderator(consultation.council))
    token = token_of(upload(client, consultation, GOOD))
    assert confirm(client, consultation, token).status_code == 302
    retry = confirm(client, consultation, token)
    assert retry.status_code == 410 and "no longer kept" in retry.get_data(as_text=True)
    assert count() == 3
    again = upload(client, consultation, GOOD)  # the same file sent again: all of it already imported
    assert "3 already imported (skipped)" in again.get_data(as_text=True)
    assert "/import/confirm" not in again.get_data(as_text=True) and count() == 3


def test_errors_answer_422_with_their_lines_and_keep_what_was_typed(client, login, consultation):
    login(moderator(consultation.council))
    columns = {**COLUMNS, "body_col": "texte", "title_col": "Title"}
    response = upload(client, consultation, GOOD + "a4,,No title\na5,A title,\n", columns=columns)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 5: <bdi>The title is empty.</bdi>" in page
    assert "Line 6: <bdi>The text of the proposal is empty.</bdi>" in page
    assert 'value="Title"' in page and 'value="texte"' in page  # the columns as typed
    assert "/import/confirm" not in page  # nothing to confirm
    assert count() == 0


def test_columns_can_be_changed_without_sending_the_file_again(client, login, consultation):
    login(moderator(consultation.council))
    wrong = upload(client, consultation, GOOD, columns={**COLUMNS, "body_col": "body"})
    assert wrong.status_code == 422 and "The file has no column “body”" in wrong.get_data(as_text=True)
    url = f"/consultations/{consultation.id}/import"
    right = client.post(url, data={"csrf_token": csrf_token(client, url), "upload": token_of(wrong), **COLUMNS})
    assert right.status_code == 200 and "3 new proposals" in right.get_data(as_text=True)


def test_the_confirmation_checks_the_file_again(client, login, consultation):
    login(moderator(consultation.council))
    organisation = OrganisationFactory(council=consultation.council, name="Amal")
    text = "id,title,texte,org\n1,A title,A text,Amal\n"
    columns = {**COLUMNS, "organisation_col": "org"}
    token = token_of(upload(client, consultation, text, columns=columns))
    db.session.get(Organisation, organisation.id).name = "Amal Lyon"  # renamed between preview and confirm
    db.session.commit()
    refused = confirm(client, consultation, token, columns=columns)
    assert refused.status_code == 422
    assert "No organisation of this council is called “Amal”" in refused.get_data(as_text=True)
    assert count() == 0


def test_a_file_that_is_not_utf8_is_refused_clearly(client, login, consultation):
    login(moderator(consultation.council))
    response = upload(client, consultation, GOOD.replace("français", "fran\xe7ais").encode("latin-1", "replace"))
    assert response.status_code == 422 and "is not UTF-8 text" in response.get_data(as_text=True)


def test_without_a_file_the_form_answers_422(client, login, consultation):
    login(moderator(consultation.council))
    url = f"/consultations/{consultation.id}/import"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **COLUMNS})
    assert response.status_code == 422 and "Choose a file." in response.get_data(as_text=True)


def test_a_kept_file_belongs_to_its_consultation(client, login, consultation):
    login(admin())
    other = ConsultationFactory(phase="open")
    token = token_of(upload(client, consultation, GOOD))
    assert confirm(client, other, token).status_code == 410
    assert count() == 0


@pytest.mark.parametrize("token", ["../../etc/passwd", "short", ""])
def test_a_malformed_token_is_a_400(client, login, consultation, token):
    login(moderator(consultation.council))
    assert confirm(client, consultation, token).status_code == 400


def test_csrf_is_enforced_on_both_posts(client, login, consultation, app):
    login(moderator(consultation.council))
    url = f"/consultations/{consultation.id}/import"
    sent = client.post(url, data={"file": (io.BytesIO(GOOD.encode()), "p.csv"), **COLUMNS},
                       content_type="multipart/form-data")
    assert sent.status_code == 400
    token = token_of(upload(client, consultation, GOOD))
    forged = client.post(f"{url}/confirm", data={"upload": token, **COLUMNS})
    assert forged.status_code == 400 and count() == 0


# Who may import ------------------------------------------------------------------------------

ROLES = ["visitor", "participant", "council_member", "council_member_other", "moderator", "moderator_other",
         "commissioner", "commissioner_other", "admin"]
ALLOWED = {"moderator", "admin"}


def person(role: str, council, other):
    return {
        "visitor": lambda: None,
        "participant": lambda: MembershipFactory(organisation=OrganisationFactory(council=council)).user,
        "council_member": lambda: council_member(council),
        "council_member_other": lambda: council_member(other),
        "moderator": lambda: moderator(council),
        "moderator_other": lambda: moderator(other),
        "commissioner": lambda: commissioner(council),
        "commissioner_other": lambda: commissioner(other),
        "admin": admin,
    }[role]()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_councils_secretariat_and_the_admin_may_import(client, login, consultation, app, role):
    user = person(role, consultation.council, CouncilFactory())
    if user is not None:
        login(user)
    folder = Path(app.instance_path) / "imports"
    token = importing.store_upload(folder, consultation.id, GOOD.encode())  # as if its secretariat had sent it
    url = f"/consultations/{consultation.id}/import"
    page = client.get(url)
    check = client.post(url, data={"csrf_token": csrf_token(client, "/"), "upload": token, **COLUMNS})
    done = confirm(client, consultation, token)
    if role in ALLOWED:
        assert (page.status_code, check.status_code, done.status_code) == (200, 200, 302)
        assert count() == 3
    else:
        expected = 302 if role == "visitor" else 403  # a visitor is sent to sign in
        assert {page.status_code, check.status_code, done.status_code} == {expected}
        assert count() == 0 and (folder / f"{consultation.id}-{token}.csv").exists()


def test_a_members_only_consultation_is_not_even_shown_to_another_councils_moderator(client, login):
    consultation = ConsultationFactory(phase="open", visibility="members")
    login(moderator(CouncilFactory()))
    assert client.get(f"/consultations/{consultation.id}/import").status_code == 404
