"""A newcomer registers, joins an organisation, reads Majlis in Arabic and signs out."""
import re

import pytest
from playwright.sync_api import expect

from sqlalchemy import select

from app.mail.models import OutboxMessage
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def confirmation_link(db, address: str) -> str:
    """The link of the confirmation e-mail, read from the outbox as the person would from their inbox."""
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == address)
                                .order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://[^/\s]+(/account/verify/\S+)", message.body).group(1)


def test_register_confirm_join_arabic_sign_out(page, assert_accessible, db):
    organisation = OrganisationFactory(name="Association des Ivoiriens de Tunis", invite_code="ivoire-2026")

    page.goto("/account/register")
    assert_accessible(page)
    page.get_by_label("Name shown to others").fill("Awa")
    page.get_by_label("E-mail address").fill("awa@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_label("Repeat the password").fill("a long passphrase")
    page.get_by_label("I have read how Majlis handles my data").check()
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)
    page.goto(confirmation_link(db, "awa@example.org"))
    expect(page).to_have_url(re.compile(r"/organisations/join$"))
    assert_accessible(page)
    page.get_by_role("textbox", name="Invitation code").fill("ivoire-2026")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation.name)
    expect(page.get_by_text("You are now a member of")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Language: English").click()  # the menu stays in the header on a phone too
    page.get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.get_by_role("button", name="Awa").click()  # the account menu
    expect(page.get_by_role("button", name="تسجيل الخروج")).to_be_visible()
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    assert_accessible(page)

    page.get_by_role("button", name="تسجيل الخروج").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="تسجيل الدخول")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_rejected_registration_keeps_input_in_the_browser(page, assert_accessible):
    page.goto("/account/register")
    page.get_by_label("Name shown to others").fill("Karim")
    page.get_by_label("E-mail address").fill("karim@example.org")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_label("Name shown to others")).to_have_value("Karim")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-error")).to_contain_text("between 10 and 128")
    assert_accessible(page)


def test_accessibility_check_catches_a_real_violation(page, assert_accessible):
    """Guard against a silent checker: an unlabelled field on a low-contrast page must fail."""
    page.set_content('<html lang="en"><body><main><h1>x</h1><input type="text">'
                     '<p style="color:#eee;background:#fff">faint</p></main></body></html>')
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
