"""The import page's forms: upload a file and name its columns, then confirm what the preview showed."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms_util import Form

from .importing import TOKEN, Columns

_NAME_IT = _l("Give the column's name as in the file's first row.")


class ColumnsForm(Form):
    """Which column holds what; `upload` names a file already sent, so columns can be changed without
    sending it again."""
    upload = HiddenField(validators=[Optional(), Regexp(TOKEN)])
    title_col = StringField(_l("Column of the titles"), default="title",
                            validators=[DataRequired(_NAME_IT), Length(max=100)])
    body_col = StringField(_l("Column of the texts"), default="body",
                           validators=[DataRequired(_NAME_IT), Length(max=100)])
    id_col = StringField(_l("Column of the ids"), default="id", validators=[DataRequired(_NAME_IT), Length(max=100)],
                         description=_l("Each proposal's number on paper or on the other platform. A row whose "
                                        "id is already imported is skipped: importing twice adds nothing."))
    language_col = StringField(_l("Column of the languages (optional)"), validators=[Optional(), Length(max=100)],
                               description=_l("Codes such as en, fr or ar. Where there is none, the language "
                                              "is recognised from the text."))
    organisation_col = StringField(_l("Column of the organisations (optional)"),
                                   validators=[Optional(), Length(max=100)],
                                   description=_l("The name of one of the council's organisations, as on its "
                                                  "page. An unknown name stops the import."))

    def columns(self) -> Columns:
        return Columns(title=self.title_col.data, body=self.body_col.data, id=self.id_col.data,
                       language=self.language_col.data or None, organisation=self.organisation_col.data or None)


class ImportForm(ColumnsForm):
    file = FileField(_l("CSV file (UTF-8)"),
                     validators=[FileAllowed(["csv", "txt"], _l("Choose a CSV file (.csv or .txt)."))],
                     description=_l("Separated by commas, semicolons or tabs, with the column names in the first "
                                    "row. Exports from Decidim or CONSUL can be used as they are."))

    def validate(self, extra_validators=None) -> bool:
        """A file, unless one was already sent (its token is kept in the page)."""
        valid = super().validate(extra_validators)
        if not self.file.data and not self.upload.data:
            self.file.errors = [*self.file.errors, str(_l("Choose a file."))]
            return False
        return valid


class ConfirmImportForm(ColumnsForm):
    """The second step: the same columns and the uploaded file's token, checked again on the server."""
    upload = HiddenField(validators=[DataRequired(), Regexp(TOKEN)])
