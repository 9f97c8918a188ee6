"""Curation pages: the secretariat corrects a consultation's themes, near-duplicates and mandate flags.

Views load, check `can_curate`, validate, call one service of `curation` and go back to the page; a
form refused (by its validators or by the service) is shown again, as typed, with a 422."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.consultations.models import Consultation
from app.consultations.permissions import can_view_consultation
from app.extensions import db
from app.forms_util import ConfirmForm, attach_error
from app.inputs import page_arg
from app.permissions import refuse, require

from . import curation
from .curation_forms import LEVEL_LABELS, DuplicateForm, MergeForm, MoveForm, OverrideForm, RenameForm, SplitForm
from .curation_permissions import can_curate
from .models import DuplicateGroup, MandateFlag, Theme
from .views import bp  # noqa: F401

THEMES_PER_PAGE, MEMBERS_SHOWN, MEMBERS_PER_PAGE, GROUPS_PER_PAGE, FLAGS_PER_PAGE = 20, 10, 50, 20, 25
PAGE_ARGS = ("page", "groups", "flags", "members")


# Pages --------------------------------------------------------------------------------------------

@bp.get("/<int:consultation_id>/curation")
@login_required
def curate(consultation_id: int):
    return _curation_page(_curatable(consultation_id))


@bp.get("/<int:consultation_id>/curation/themes/<int:theme_id>")
@login_required
def curate_theme(consultation_id: int, theme_id: int):
    consultation = _curatable(consultation_id)
    return _theme_page(consultation, _theme(consultation, theme_id))


# Themes -------------------------------------------------------------------------------------------

@bp.post("/<int:consultation_id>/curation/themes/<int:theme_id>/rename")
@login_required
def rename_theme(consultation_id: int, theme_id: int):
    consultation = _curatable(consultation_id)
    theme = _theme(consultation, theme_id)
    form = RenameForm(prefix=f"rename{theme.id}")
    return _apply(consultation, form, ("rename", theme.id), theme=theme, done=_l("The theme is renamed."),
                  step=lambda: curation.rename_theme(current_user, theme, form.name.data or ""))


@bp.post("/<int:consultation_id>/curation/merge")
@login_required
def merge_themes(consultation_id: int):
    consultation = _curatable(consultation_id)
    form = MergeForm(prefix="merge").offer(curation.theme_choices(consultation))

    def merge():
        sources = [_theme(consultation, theme_id) for theme_id in form.sources.data]
        return curation.merge_themes(current_user, sources, _theme(consultation, form.target.data))

    return _apply(consultation, form, ("merge", None), step=merge, done=_l("The themes are merged."), anchor="themes")


@bp.post("/<int:consultation_id>/curation/themes/<int:theme_id>/split")
@login_required
def split_theme(consultation_id: int, theme_id: int):
    consultation = _curatable(consultation_id)
    theme = _theme(consultation, theme_id)
    form = SplitForm(prefix=f"split{theme.id}")
    return _apply(consultation, form, ("split", theme.id), theme=theme,
                  done=_l("A new theme is made of the ticked proposals."),
                  step=lambda: curation.split_theme(current_user, theme, form.proposal_ids.data, form.name.data))


@bp.post("/<int:consultation_id>/curation/themes/<int:theme_id>/move")
@login_required
def move_submission(consultation_id: int, theme_id: int):
    consultation = _curatable(consultation_id)
    theme = _theme(consultation, theme_id)
    form = MoveForm(prefix=f"move{theme.id}")
    return _apply(consultation, form, ("move", theme.id), theme=theme,
                  done=_l("The proposal is moved and pinned in this theme."),
                  step=lambda: curation.move_submission(
                      current_user, curation.proposal_of(consultation, form.proposal_id.data), theme))


# Near-duplicates and mandate flags ---------------------------------------------------------------

@bp.post("/<int:consultation_id>/curation/duplicates/<int:group_id>/confirm")
@login_required
def confirm_duplicates(consultation_id: int, group_id: int):
    consultation = _curatable(consultation_id)
    group = _owned(DuplicateGroup, group_id, consultation)
    form = DuplicateForm(prefix=f"group{group.id}")
    return _apply(consultation, form, ("group", group.id), anchor=f"group-{group.id}",
                  done=_l("The group is confirmed as duplicates."),
                  step=lambda: curation.confirm_duplicates(current_user, group, form.canonical_id.data))


@bp.post("/<int:consultation_id>/curation/duplicates/<int:group_id>/dismiss")
@login_required
def dismiss_duplicates(consultation_id: int, group_id: int):
    consultation = _curatable(consultation_id)
    group = _owned(DuplicateGroup, group_id, consultation)
    return _apply(consultation, ConfirmForm(), ("dismiss", group.id), anchor=f"group-{group.id}",
                  done=_l("The group is dismissed: each proposal counts on its own."),
                  step=lambda: curation.dismiss_duplicates(current_user, group))


@bp.post("/<int:consultation_id>/curation/flags/<int:flag_id>/confirm")
@login_required
def confirm_flag(consultation_id: int, flag_id: int):
    consultation = _curatable(consultation_id)
    flag = _owned(MandateFlag, flag_id, consultation)
    return _apply(consultation, ConfirmForm(), ("confirm", flag.id), anchor=f"flag-{flag.id}",
                  done=_l("The triage is confirmed."), step=lambda: curation.confirm_flag(current_user, flag))


@bp.post("/<int:consultation_id>/curation/flags/<int:flag_id>/override")
@login_required
def override_flag(consultation_id: int, flag_id: int):
    consultation = _curatable(consultation_id)
    flag = _owned(MandateFlag, flag_id, consultation)
    form = OverrideForm(prefix=f"flag{flag.id}").offer(_choices(consultation), flag.authority)
    return _apply(consultation, form, ("override", flag.id), anchor=f"flag-{flag.id}",
                  done=_l("The triage is corrected; the council's classifier will learn from it at the next run."),
                  step=lambda: curation.override_flag(current_user, flag, form.level.data, form.category.data,
                                                      form.authority.data or ""))


# Helpers ------------------------------------------------------------------------------------------

def _curatable(consultation_id: int) -> Consultation:
    """The consultation, if the reader may see it (else 404) and curate it (else 403)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can_view_consultation(current_user, consultation):
        refuse(404)
    require(can_curate(current_user, consultation))
    return consultation


def _owned(model, object_id: int, consultation):
    """A theme, group or flag of this consultation (404 for any other, or none)."""
    found = db.session.get(model, object_id) if object_id else None
    if found is None or found.consultation_id != consultation.id:
        refuse(404)
    return found


def _theme(consultation, theme_id: int) -> Theme:
    return _owned(Theme, theme_id, consultation)


def _apply(consultation, form, key: tuple, *, step, done, anchor: str = "", theme: Theme | None = None):
    """Validate, run the service step, and go back to the page (at `anchor`, or the theme's card); or
    show the page again with the form as typed and its errors (422). `key` names the form on the page."""
    anchor = anchor or f"theme-{theme.id}"
    if form.validate_on_submit():
        try:
            step()
        except curation.CurationError as error:
            if error.status != 422:
                raise
            attach_error(form, error)
        else:
            flash(done, "success")
            return redirect(_back(consultation, anchor, theme))
    if theme is not None and request.args.get("in") == "theme" and theme.retired_at is None:
        return _theme_page(consultation, theme, {key: form}, 422)
    return _curation_page(consultation, {key: form}, 422)


def _pages() -> dict:
    """The page numbers the moderator was on (checked: a bad one is a 400)."""
    return {name: page_arg(name) for name in PAGE_ARGS if request.args.get(name)}


def _back(consultation, anchor: str, theme: Theme | None) -> str:
    if theme is not None and request.args.get("in") == "theme" and theme.retired_at is None:
        page = url_for("insights.curate_theme", consultation_id=consultation.id, theme_id=theme.id, **_pages())
        return f"{page}#{anchor}"
    return url_for("insights.curate", consultation_id=consultation.id, **_pages()) + f"#{anchor}"


def _language() -> str:
    return get_locale().language if get_locale() else "en"


def _choices(consultation) -> curation.MandateChoices:
    return curation.mandate_choices(consultation.council, _language())


class PageForms:
    """The page's forms: fresh ones, except the one just sent back with its errors (kept as typed)."""

    def __init__(self, consultation, failed: dict | None = None):
        self.failed = failed or {}
        self.choices = _choices(consultation)
        self.theme_choices = curation.theme_choices(consultation)
        self.confirm = ConfirmForm(formdata=None)

    def _form(self, key, make):
        return self.failed.get(key) or make()

    def rename(self, theme):
        return self._form(("rename", theme.id), lambda: RenameForm(formdata=None, prefix=f"rename{theme.id}",
                                                                   name=theme.name))

    def merge(self):
        return self._form(("merge", None), lambda: MergeForm(formdata=None, prefix="merge").offer(self.theme_choices))

    def split(self, theme):
        return self._form(("split", theme.id), lambda: SplitForm(formdata=None, prefix=f"split{theme.id}"))

    def move(self, theme):
        return self._form(("move", theme.id), lambda: MoveForm(formdata=None, prefix=f"move{theme.id}"))

    def group(self, group):
        return self._form(("group", group.id), lambda: DuplicateForm(formdata=None, prefix=f"group{group.id}",
                                                                     canonical_id=group.canonical_id))

    def override(self, flag):
        return self._form(("override", flag.id), lambda: OverrideForm(
            formdata=None, prefix=f"flag{flag.id}", level=flag.effective_level, category=flag.effective_category,
            authority=flag.effective_authority).offer(self.choices, flag.authority))

    def sent(self, kind: str, object_id) -> bool:
        """Whether this form was the one sent back (its <details> opens)."""
        return (kind, object_id) in self.failed


def _curation_page(consultation, failed: dict | None = None, status: int = 200):
    """Themes, duplicate groups and flags, each paginated on its own (a page stays light at 200 themes)."""
    themes = db.paginate(curation.active_themes(consultation), page=page_arg("page"), per_page=THEMES_PER_PAGE,
                         error_out=False)
    shown = {theme.id: db.session.scalars(curation.members(theme).limit(MEMBERS_SHOWN)).all()
             for theme in themes.items}
    groups = db.paginate(curation.duplicate_groups(consultation), page=page_arg("groups"), per_page=GROUPS_PER_PAGE,
                         error_out=False)
    flags = db.paginate(curation.mandate_flags(consultation), page=page_arg("flags"), per_page=FLAGS_PER_PAGE,
                        error_out=False)
    proposals = curation.proposals_by_id([pid for group in groups.items for pid in group.proposal_ids]
                                         + [flag.proposal_id for flag in flags.items])
    return render_template("insights/curate.html", consultation=consultation, themes=themes, shown=shown,
                           sizes=curation.theme_sizes([theme.id for theme in themes.items]),
                           pinned=curation.pinned_ids([theme.id for theme in themes.items]),
                           groups=groups, proposals=proposals, flags=flags, forms=PageForms(consultation, failed),
                           waiting=curation.waiting_flags(consultation), pages=_pages(),
                           level_labels=LEVEL_LABELS, percent=format_percent), status


def _theme_page(consultation, theme: Theme, failed: dict | None = None, status: int = 200):
    """One theme with all its proposals, a page at a time; a merged theme leads to the one it went into."""
    if theme.retired_at is not None:
        if theme.merged_into_id is None:
            refuse(404, _l("This theme was merged or retired; reload the page."))
        return redirect(url_for("insights.curate_theme", consultation_id=consultation.id,
                                theme_id=theme.merged_into_id))
    members = db.paginate(curation.members(theme), page=page_arg("members"), per_page=MEMBERS_PER_PAGE,
                          error_out=False)
    return render_template("insights/curate_theme.html", consultation=consultation, theme=theme, members=members,
                           size=curation.theme_sizes([theme.id]).get(theme.id, 0),
                           pinned=curation.pinned_ids([theme.id]), forms=PageForms(consultation, failed),
                           pages=_pages()), status
