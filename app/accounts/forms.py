"""Account forms. Messages are lazy so that they render in the reader's language."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from app.forms_util import Form

COMMON_PASSWORDS = {"password", "password123", "1234567890", "qwertyuiop", "azertyuiop", "motdepasse", "letmein123"}


def strong_password(form, field) -> None:
    """Length beats composition rules (NIST SP 800-63B); refuse the notorious ones."""
    if field.data and field.data.lower() in COMMON_PASSWORDS:
        raise ValidationError(_l("This password is too common. Choose another one."))


def language_choices():
    return list(current_app.config["LANGUAGES"].items())


class LanguageField(SelectField):
    def __init__(self, label=None, **kwargs):
        super().__init__(label or _l("Language"), choices=language_choices, **kwargs)


def _password_field(label):
    return PasswordField(label, validators=[
        InputRequired(_l("Enter a password.")),
        Length(min=10, max=128, message=_l("The password must have between 10 and 128 characters.")),
        strong_password,
    ])


def _confirm_field():
    return PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", message=_l("The two passwords differ."))])


def _email_field():
    return EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Enter your e-mail address.")),
        Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        Length(max=254)])


def _name_field(**kwargs):
    return StringField(_l("Name shown to others"), validators=[
        DataRequired(_l("Enter a name.")), Length(max=80, message=_l("At most 80 characters."))], **kwargs)


class RegistrationForm(Form):
    display_name = _name_field(description=_l("It can be a first name or a nickname."))
    email = _email_field()
    password = _password_field(_l("Password"))
    confirm = _confirm_field()
    language = LanguageField(description=_l("The language of the e-mails we send you."))
    accept_privacy = BooleanField(_l("I have read how Majlis handles my data, and I agree."), validators=[
        DataRequired(_l("Please accept the privacy notice to create an account."))])


class LoginForm(Form):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(Form):
    email = _email_field()


class ResetPasswordForm(Form):
    password = _password_field(_l("New password"))
    confirm = _confirm_field()


class ProfileForm(Form):
    display_name = _name_field()
    language = LanguageField()


class AdminForm(Form):
    is_admin = BooleanField(_l("Platform administrator"))
