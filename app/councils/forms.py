"""Council role form."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField
from wtforms.validators import DataRequired, Email, Length

from app.forms_util import Form

ROLE_CHOICES = lambda: [("moderator", str(_l("secretariat (moderator)"))),  # noqa: E731
                        ("commissioner", str(_l("commissioner"))), ("member", str(_l("council member")))]


class CouncilRoleForm(Form):
    email = EmailField(_l("E-mail address of the account"), validators=[
        DataRequired(_l("Enter the person's e-mail address.")),
        Email(message=_l("This is not a valid e-mail address."), check_deliverability=False), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
