"""Full-text search with each database's own engine, ranked, and limited to what the reader may see."""
from app.consultations.proposals import services as proposals
from app import search
from app.consultations import services
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, UserFactory


def author_in(consultation):
    return MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user


def test_title_match_ranks_above_body_match(client):
    consultation = ConsultationFactory(phase="open")
    author = author_in(consultation)
    body_only = proposals.submit_proposal(author, consultation, title="Evening services",
                                         body="Libraries and buses should open later", language="en")
    in_title = proposals.submit_proposal(author, consultation, title="Night buses to the port",
                                        body="Workers finish at midnight", language="en")
    proposals.submit_proposal(author, consultation, title="Parks", body="More trees", language="en")
    hits = search.search("buses")
    assert [(kind, ref) for kind, ref, _ in hits] == [("proposal", in_title.id), ("proposal", body_only.id)]
    assert hits[0][2] > hits[1][2]


def test_feedback_and_consultations_are_found(client):
    consultation = ConsultationFactory(phase="open", title="Welcoming newcomers")
    author = author_in(consultation)
    proposal = proposals.submit_proposal(author, consultation, title="Parks", body="Trees")
    reply = proposals.add_feedback(author, proposal, "A multilingual welcome desk would help", "supports")
    kinds = {(kind, ref) for kind, ref, _ in search.search("welcome desk")}
    assert ("feedback", reply.id) in kinds
    assert ("consultation", consultation.id) in {(k, r) for k, r, _ in search.search("newcomers")}


def test_stemmed_match_in_the_texts_language_on_postgresql(client, db):
    consultation = ConsultationFactory(phase="open")
    proposal = proposals.submit_proposal(author_in(consultation), consultation, title="Des logements sociaux",
                                        body="Construire plus de logements", language="fr")
    found = {ref for _, ref, _ in search.search("logement", "fr")}
    if db.session.get_bind().dialect.name == "postgresql":
        assert proposal.id in found  # the French configuration stems logements → logement
    else:
        assert proposal.id not in found  # FTS5's unicode61 tokenizer does not stem
        assert proposal.id in {ref for _, ref, _ in search.search("logements")}


def test_arabic_text_is_found(client):
    consultation = ConsultationFactory(phase="open")
    proposal = proposals.submit_proposal(author_in(consultation), consultation, title="دروس اللغة العربية",
                                        body="دروس مسائية مجانية للوافدين", language="ar")
    assert proposal.id in {ref for _, ref, _ in search.search("مسائية")}


def test_search_page_hides_what_the_reader_may_not_see(client, db):
    hidden = ConsultationFactory(phase="open", visibility="members")
    shown = ConsultationFactory(phase="open")
    proposals.submit_proposal(author_in(hidden), hidden, title="Secret lanterns", body="x")
    proposals.submit_proposal(author_in(shown), shown, title="Public lanterns", body="x")
    db.session.commit()
    html = client.get("/consultations/search?q=lanterns").get_data(as_text=True)
    assert "Public lanterns" in html and "Secret lanterns" not in html and "1 result" in html


def test_edit_updates_the_index(client):
    consultation = ConsultationFactory(phase="open")
    proposal = proposals.submit_proposal(author_in(consultation), consultation, title="Bicycles", body="x")
    proposals.edit_proposal(proposal, title="Tramways", body="x")
    assert search.search("bicycles") == [] and search.search("tramways")[0][1] == proposal.id


def test_odd_queries_do_not_break(client):
    assert search.search('"unbalanced AND (') == [] and search.search("") == []
    UserFactory()


def test_moderator_edit_updates_the_consultation_in_the_index(client):
    consultation = ConsultationFactory(phase="open", title="Bicycles in the city")
    services.update_consultation(consultation, {}, title="Tramways in the city")
    assert search.search("bicycles") == []
    assert ("consultation", consultation.id) in {(k, r) for k, r, _ in search.search("tramways")}
