"""Council role form."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, StopValidation

from app.forms_util import Form

ROLE_CHOICES = lambda: [("moderator", str(_l("secretariat (moderator)"))),  # noqa: E731
                        ("commissioner", str(_l("commissioner"))), ("member", str(_l("council member")))]


class CouncilRoleForm(Form):
    email = EmailField(_l("E-mail address of the account"), validators=[
        DataRequired(_l("Enter the person's e-mail address.")),
        Email(message=_l("This is not a valid e-mail address."), check_deliverability=False), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


def web_address(form, field) -> None:
    """Only http(s) links: a `javascript://…` address passes WTForms' URL check but runs as a script."""
    if field.data and not field.data.lower().startswith(("https://", "http://")):
        raise StopValidation(_l("Give a full address, with https://."))


class CouncilForm(Form):
    """The council's public page: what it is and how to reach its secretariat."""
    description = TextAreaField(_l("What the council is and does"), validators=[Length(max=4000)])
    contact_email = EmailField(_l("E-mail address of the secretariat"), validators=[
        Optional(), Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        Length(max=254)])
    contact_phone = StringField(_l("Telephone"), validators=[Length(max=40)])
    contact_address = TextAreaField(_l("Postal address or where to meet the secretariat"),
                                    validators=[Length(max=300)])
    website = URLField(_l("Web site"), validators=[Optional(), web_address,
                                                   URL(message=_l("Give a full address, with https://.")),
                                                   Length(max=300)])
