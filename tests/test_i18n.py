"""Locale choice, right-to-left pages and complete catalogues."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import post_form
from tests.factories import UserFactory

TRANSLATIONS = Path(__file__).parent.parent / "app" / "translations"


def test_arabic_page_is_right_to_left(client):
    client.set_cookie("majlis_lang", "ar")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "مجلس: مما تقولونه" in html


def test_english_page_is_left_to_right(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html and "bootstrap.min.css" in html


def test_accept_language_is_used_without_a_choice(client):
    html = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html


def test_cookie_wins_over_accept_language(client):
    client.set_cookie("majlis_lang", "ar")
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="ar"' in html


def test_user_preference_wins_over_cookie(client, login):
    login(UserFactory(language="fr"))
    client.set_cookie("majlis_lang", "ar")
    assert 'lang="fr"' in client.get("/").get_data(as_text=True)


def test_switcher_changes_this_visit_not_the_saved_language(client, login, db):
    """Browsing in Arabic once must not switch a person's e-mails to Arabic (issue 9)."""
    user = login(UserFactory(language="en"))
    response = post_form(client, "/language/ar", {"next": "/organisations/"}, form_url="/")
    assert response.status_code == 302 and response.headers["Location"] == "/organisations/"
    assert "majlis_lang=ar" in response.headers["Set-Cookie"]
    assert 'dir="rtl"' in client.get("/organisations/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.language == "en"


def test_switcher_ignores_unknown_language(client):
    response = post_form(client, "/language/xx", {}, form_url="/")
    assert response.status_code == 302 and "Set-Cookie" not in response.headers


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_catalogue_translates_every_message(lang):
    catalogue = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    template = read_po((TRANSLATIONS / "messages.pot").open("rb"))
    missing = [m.id for m in template if m.id and not _translated(catalogue.get(m.id))]
    assert missing == []


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    return all(message.string) if isinstance(message.string, tuple) else bool(message.string)


def test_template_catalogue_is_up_to_date():
    """Every _() in the code is in messages.pot: run `make translations` after changing UI text."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).parent.parent
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {m[2] if isinstance(m[2], str) else m[2][0]
             for m in extract_from_dir(str(root), method_map, keywords={"_": None, "_l": None, "lazy_gettext": None,
                                                                        "gettext": None, "ngettext": (1, 2)})}
    template = {m.id if isinstance(m.id, str) else m.id[0]
                for m in read_po((TRANSLATIONS / "messages.pot").open("rb")) if m.id}
    assert found - template == set()


@pytest.mark.parametrize("lang,required", [("fr", "Ce champ est requis."), ("ar", "هذا الحقل مطلوب."),
                                           ("en", "This field is required.")])
def test_wtforms_own_messages_follow_each_requests_language(app, lang, required):
    """The WTForms catalogue is read once per language per process (app/forms_util.py), so a worker
    that served one language must still answer the next request in its own."""
    from flask_babel import refresh
    from wtforms import StringField
    from wtforms.validators import InputRequired

    from app.forms_util import Form

    class Named(Form):
        name = StringField(validators=[InputRequired()])

    for first in ("ar", lang):  # another language first, in the same process
        with app.test_request_context("/", method="POST", headers={"Accept-Language": first}, data={}):
            refresh()  # the fixture's app context outlives the request; a served request starts afresh
            form = Named(meta={"csrf": False})
            assert not form.validate()
    assert form.name.errors == [required]


def test_templates_follow_a_locale_changed_within_the_request(app):
    """Templates remember the request's translations: a forced locale (an e-mail in its reader's
    language, an error page) must still be obeyed, and the request's own come back after it."""
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert render_template_string("{{ _('Theme') }}") == "Thème"
        with force_locale("ar"):
            assert render_template_string("{{ _('Theme') }}") == "المحور"
        assert render_template_string("{{ _('Theme') }}") == "Thème"
