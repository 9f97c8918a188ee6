"""Importing proposals from a CSV file: reading (line numbers, encodings, separators, limits), the
rules set against the database (external ids, organisations), and `flask consultations import`."""
import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.consultations import importing
from app.consultations.errors import ConsultationError
from app.consultations.models import Consultation
from app.consultations.proposals.models import Proposal, ProposalVersion
from app.extensions import db
from app.search import search
from tests.conftest import race
from tests.factories import ConsultationFactory, OrganisationFactory

MADRID = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "decide-madrid-2024" / \
    "decide_madrid_proposals_2024_2025.csv"

GOOD = ("id,title,body,language\n"
        "p1,Night buses to the airport,\"Buses every hour at night,\nfrom the centre.\",en\n"
        "p2,Cours de français le soir,Des cours gratuits après le travail.,fr\n"
        "p3,مكتب استقبال للمهاجرين,نقترح مكتبا لاستقبال القادمين الجدد في البلدية,\n")


def parse(text, **columns):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return importing.parse(data, importing.Columns(**columns))


def count(model=Proposal) -> int:
    return db.session.scalar(select(func.count(model.id)))


def do_import(consultation, text, **columns):
    outcome = importing.import_proposals(importing.plan(consultation, parse(text, **columns)))
    db.session.commit()
    return outcome


# Reading the file -----------------------------------------------------------------------------

def test_rows_are_read_with_the_line_where_each_starts():
    parsed = parse(GOOD, language="language")
    assert parsed.errors == []
    assert [(r.line, r.external_id, r.language) for r in parsed.rows] == [(2, "p1", "en"), (4, "p2", "fr"),
                                                                            (5, "p3", "")]
    assert parsed.rows[0].body == "Buses every hour at night,\nfrom the centre."


def test_a_bad_row_is_reported_with_its_line_number():
    text = GOOD + "p4,,No title here,\np5,A title,,\n"
    errors = parse(text).errors
    assert [(e.line, e.message) for e in errors] == [(6, "The title is empty."),
                                                     (7, "The text of the proposal is empty.")]


def test_limits_are_those_of_a_typed_proposal():
    text = f"id,title,body\nx,{'t' * 201},ok\ny,ok,{'b' * 10_001}\nz,{'t' * 200},{'b' * 10_000}\n"
    parsed = parse(text)
    assert [(e.line, e.message) for e in parsed.errors] == [
        (2, "The title is longer than 200 characters."), (3, "The text is longer than 10,000 characters.")]
    assert [r.external_id for r in parsed.rows] == ["z"]


def test_a_missing_column_is_named_with_the_columns_the_file_has():
    errors = parse("id,titre,texte\n1,a,b\n", language="lang").errors
    messages = [e.message for e in errors]
    assert all(e.line == 1 for e in errors)
    assert messages[0] == "The file has no column “title”. Its columns are: id, titre, texte."
    assert any("“body”" in m for m in messages) and any("“lang”" in m for m in messages)


def test_utf8_with_a_byte_order_mark_and_semicolons_as_in_consul_exports():
    data = '\ufeff"id";"title";"description"\n"35573";"Metro accesible ";"<p>Ascensor, por favor</p>"\n'
    parsed = parse(data.encode("utf-8"), body="description")
    assert parsed.errors == []
    assert parsed.rows[0].external_id == "35573" and parsed.rows[0].title == "Metro accesible"
    assert parsed.rows[0].body == "<p>Ascensor, por favor</p>"


def test_a_file_that_is_not_utf8_is_a_clear_error():
    data = "id,title,body\n1,Café,Crème brûlée\n".encode("latin-1")
    errors = parse(data).errors
    assert [(e.line, e.message) for e in errors] == [
        (2, "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]


def test_unknown_language_duplicate_ids_and_ragged_rows_are_row_errors():
    text = "id,title,body,lang\n1,A,B,xx\n2,C,D,FR-be\n2,E,F,\n3,G\n"
    parsed = parse(text, language="lang")
    assert [(e.line, e.message[:40]) for e in parsed.errors] == [
        (2, "Unknown language “xx”: use one of en, fr"), (4, "The id “2” is already on line 3."),
        (5, "This row has 2 cells where the header ha")]
    assert [(r.external_id, r.language) for r in parsed.rows] == [("2", "fr")]


def test_empty_files_and_files_without_rows_are_refused():
    assert [e.message for e in parse("").errors] == ["The file is empty."]
    assert [e.message for e in parse("id,title,body\n\n").errors] == ["The file has no rows below its header."]


def test_text_is_cleaned_like_a_typed_proposal():
    parsed = parse("id,title,body\n 7 ,\"Two\u2028lines\",\"a\r\nb\x00\"\n")
    assert parsed.rows[0] == importing.Row(line=2, external_id="7", title="Two lines", body="a\nb")


# Importing ------------------------------------------------------------------------------------

def test_imported_proposals_are_stored_like_typed_ones(db):
    consultation = ConsultationFactory()
    revision = consultation.revision
    outcome = do_import(consultation, GOOD, language="language")
    assert outcome == importing.Outcome(added=3, already=0)
    proposals = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert [(p.external_id, p.author_id, p.language) for p in proposals] == [("p1", None, "en"), ("p2", None, "fr"),
                                                                             ("p3", None, "ar")]
    assert count(ProposalVersion) == 3  # a first version each, as for a typed proposal
    assert all(p.support_count == 0 and p.feedback_count == 0 for p in proposals)
    found = [(kind, ref_id) for kind, ref_id, _ in search("airport", "en")]
    assert found == [("proposal", proposals[0].id)]  # indexed for search
    assert db.session.get(Consultation, consultation.id).revision == revision + 1  # cached pages refresh


def test_an_imported_proposal_is_what_the_proposal_service_makes_of_the_same_text(db):
    """The import builds proposals itself (in one flush); it must not drift from submit_proposal."""
    from app.consultations.proposals.services import submit_proposal

    consultation = ConsultationFactory()
    organisation = OrganisationFactory(council=consultation.council, name="Amal")
    title, body = "  Un *titre* <b>gras</b> ", "Texte avec <script>alert(1)</script> et **Markdown**.\n\nFin. "
    out = io.StringIO()
    csv.writer(out).writerows([["id", "title", "body", "org"], ["1", title, body, "Amal"]])
    do_import(consultation, out.getvalue(), organisation="org")
    imported = db.session.scalar(select(Proposal).where(Proposal.external_id == "1"))
    typed = submit_proposal(None, consultation, title=imported.title, body=imported.body, organisation=organisation,
                            show_as_organisation=True, language=imported.language)
    db.session.commit()
    fields = ("title", "body", "category", "language", "status", "show_as_organisation", "organisation_id",
              "author_id", "support_count", "feedback_count", "hidden_at")
    assert [getattr(imported, f) for f in fields] == [getattr(typed, f) for f in fields]
    assert [(v.number, v.title, v.body) for v in imported.versions] == [(v.number, v.title, v.body)
                                                                        for v in typed.versions]
    assert imported.title == "Un *titre* <b>gras</b>"  # stored as typed, rendered through nh3 like any proposal
    assert {ref for kind, ref, _ in search("Markdown", "fr")} == {imported.id, typed.id}


def test_importing_twice_adds_nothing(db):
    consultation = ConsultationFactory()
    do_import(consultation, GOOD)
    again = do_import(consultation, GOOD + "p9,One more,A new proposal in the same file.,\n")
    assert again == importing.Outcome(added=1, already=3)
    assert count() == 4


def test_the_same_ids_in_another_consultation_are_other_proposals(db):
    first, second = ConsultationFactory(), ConsultationFactory()
    do_import(first, GOOD)
    assert do_import(second, GOOD).added == 3 and count() == 6


def test_a_file_with_an_error_imports_nothing(db):
    consultation = ConsultationFactory()
    result = importing.plan(consultation, parse(GOOD + "p4,,empty title,\n"))
    with pytest.raises(ConsultationError):
        importing.import_proposals(result)
    db.session.rollback()
    assert count() == 0


def test_an_import_whose_transaction_rolls_back_leaves_nothing(db):
    """What follows the import in the same request may still fail (the commit, say): nothing may have
    been committed on the way (SQLite's driver would commit a savepoint opened outside a transaction)."""
    consultation = ConsultationFactory()
    db.session.commit()
    importing.import_proposals(importing.plan(consultation, parse(GOOD)))
    db.session.rollback()
    assert count() == 0 and db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_organisations_are_matched_by_name_and_an_unknown_name_is_an_error(db):
    consultation = ConsultationFactory()
    OrganisationFactory(council=consultation.council, name="Association des Tunisiens")
    OrganisationFactory(name="Elsewhere")  # another council's
    text = "id,title,body,org\n1,A title,A text,association  des tunisiens\n2,B title,B text,\n"
    do_import(consultation, text, organisation="org")
    linked = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert [p.organisation.name if p.organisation else None for p in linked] == ["Association des Tunisiens", None]
    assert linked[0].show_as_organisation  # shown under its name, there being no author
    result = importing.plan(consultation, parse("id,title,body,org\n3,C,C text,Elsewhere\n", organisation="org"))
    assert [(e.line, e.message) for e in result.errors] == [(2, "No organisation of this council is called "
                                                                "“Elsewhere”.")]


def test_each_import_is_in_the_audit_log_with_its_counts(db):
    consultation = ConsultationFactory()
    importing.import_proposals(importing.plan(consultation, parse(GOOD)), source="test")
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposals.imported"))
    assert entry.council_id == consultation.council_id and entry.subject_id == consultation.id
    assert entry.details["added"] == 3 and entry.details["already"] == 0 and entry.details["rows"] == 3
    assert len(entry.details["sha256"]) == 64


def test_two_imports_of_the_same_file_at_once_add_it_once(concurrent_app):
    with concurrent_app.app_context():
        consultation_id = ConsultationFactory().id
        db.session.remove()

    def work():
        consultation = db.session.get(Consultation, consultation_id)
        try:
            return importing.import_proposals(importing.plan(consultation, parse(GOOD))).added
        except ConsultationError as error:
            assert error.status == 409  # the loser's proposals are gone with its savepoint, even if it commits
            return 0

    results = race(concurrent_app, work)
    with concurrent_app.app_context():
        assert sorted(results) == [0, 3]
        assert db.session.scalars(select(Proposal.external_id).order_by(Proposal.id)).all() == ["p1", "p2", "p3"]
        db.session.remove()


# The command line -----------------------------------------------------------------------------

def write(tmp_path, text: str, name="proposals.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_command_imports_then_adds_nothing_the_second_time(runner, tmp_path):
    consultation = ConsultationFactory()
    path = write(tmp_path, GOOD)
    first = runner.invoke(args=["consultations", "import", str(consultation.id), path, "--language-col", "language"])
    assert first.exit_code == 0, first.output
    assert "imported 3 proposals" in first.output and "0 already imported" in first.output
    second = runner.invoke(args=["consultations", "import", str(consultation.id), path])
    assert second.exit_code == 0 and "imported 0 proposals" in second.output and "3 already imported" in second.output
    assert count() == 3


def test_the_command_names_the_bad_line_and_imports_nothing(runner, tmp_path):
    consultation = ConsultationFactory()
    path = write(tmp_path, GOOD + "p4,A title,,\n")
    result = runner.invoke(args=["consultations", "import", str(consultation.id), path])
    assert result.exit_code == 2
    assert "line 6: The text of the proposal is empty." in result.output and "nothing was imported" in result.output
    assert count() == 0


def test_the_command_names_a_missing_column(runner, tmp_path):
    consultation = ConsultationFactory()
    result = runner.invoke(args=["consultations", "import", str(consultation.id), write(tmp_path, GOOD),
                                 "--body-col", "description"])
    assert result.exit_code == 2 and "no column “description”" in result.output
    assert count() == 0


@pytest.mark.parametrize("consultation_id", ["999999", "abc", "0", "99999999999"])
def test_a_wrong_consultation_id_exits_2_with_a_clear_message(runner, tmp_path, consultation_id):
    ConsultationFactory()
    result = runner.invoke(args=["consultations", "import", consultation_id, write(tmp_path, GOOD)])
    assert result.exit_code == 2
    assert f"there is no consultation '{consultation_id}'" in result.output
    assert count() == 0


def test_a_dry_run_says_what_would_be_imported(runner, tmp_path):
    consultation = ConsultationFactory()
    result = runner.invoke(args=["consultations", "import", str(consultation.id), write(tmp_path, GOOD), "--dry-run"])
    assert result.exit_code == 0 and "would import 3 proposals" in result.output
    assert count() == 0


def _madrid_slice(tmp_path, rows: int) -> tuple[str, list[list[str]]]:
    """The first rows of the real CONSUL export that have a description, as the export writes them."""
    with MADRID.open(encoding="utf-8", newline="") as source:
        reader = csv.reader(source, delimiter=";")
        header = next(reader)
        kept = [row for row in reader if row[2].strip()][:rows]
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL).writerows([header, *kept])
    return write(tmp_path, out.getvalue(), "madrid.csv"), kept


@pytest.mark.datasets
def test_a_slice_of_a_real_consul_export_imports_once(runner, tmp_path):
    consultation = ConsultationFactory()
    path, rows = _madrid_slice(tmp_path, 60)
    args = ["consultations", "import", str(consultation.id), path, "--body-col", "description"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "imported 60 proposals" in first.output
    assert runner.invoke(args=args).output.startswith("imported 0 proposals")
    stored = {p.external_id: p for p in db.session.scalars(select(Proposal))}
    assert set(stored) == {row[0] for row in rows}
    assert stored[rows[0][0]].title == rows[0][1].strip()
    spanish = sum(p.language == "es" for p in stored.values())
    assert spanish >= 50  # recognised from the text (a few rows of a real export are test posts in English)


@pytest.mark.datasets
def test_the_whole_real_export_is_refused_for_its_empty_descriptions(runner):
    """The real CONSUL export has proposals without a description: a typed proposal needs one, so the
    command names each such line and imports nothing."""
    consultation = ConsultationFactory()
    result = runner.invoke(args=["consultations", "import", str(consultation.id), str(MADRID),
                                 "--body-col", "description"])
    assert result.exit_code == 2 and "line 14: The text of the proposal is empty." in result.output
    assert count() == 0


def test_an_imported_proposal_without_an_organisation_says_where_it_came_from(client, db):
    consultation = ConsultationFactory(phase="open")
    do_import(consultation, "id,title,body\n7,Bancs au parc,Des bancs à l'ombre près de l'école\n")
    imported = db.session.scalar(select(Proposal).where(Proposal.external_id == "7"))
    page = client.get(f"/consultations/proposals/{imported.id}").get_data(as_text=True)
    assert "imported (paper form or another platform)" in page and "former participant" not in page
