"""Classes of triage errors found on real Madrid requests, each pinned by short sentences written for
the test (not copied from the proposals), in Spanish and in the other languages where the rule applies."""
import pytest

from app.analysis.competences import CompetenceMap
from app.analysis.triage import default_model

OUTSIDE = ("regional", "national")


def triage(text, city="madrid", title=None):
    return default_model().triage(text, CompetenceMap.load(city), title=title)


@pytest.mark.parametrize("text,city", [
    ("Autobús que comunique el barrio con la estación de Cercanías", "madrid"),  # a link to the station
    ("Mejor conexión con el metro para los vecinos de la colonia", "madrid"),
    ("Escaleras y rampas desde el metro hasta la calle de arriba", "madrid"),  # where the stair starts
    ("Retirar los barracones del barrio del Aeropuerto", "madrid"),  # a neighbourhood's name
    ("Mejoras en la zona Renfe de Villaverde: caminos y riego", "madrid"),
    ("Bus que connecti el barri amb l'estació de Rodalies", "barcelona"),
    ("Des de l'estació de metro fins al mercat, més arbres", "barcelona"),
    ("Une navette depuis la gare jusqu'au marché", "paris"),
    ("A shuttle bus from the railway station to the market", "amsterdam"),
    ("Nettoyer les rues du quartier de l'aéroport", "paris"),
])
def test_a_place_named_by_another_levels_infrastructure_is_a_landmark(text, city):
    result = triage(text, city)
    assert result.level not in OUTSIDE, (text, result.reason)


@pytest.mark.parametrize("text,title", [
    ("Instalar pantallas acústicas en el lateral de la A-3, el ruido no deja dormir.", "Ruido por el tráfico"),
    ("Hacen falta paneles acústicos en la M-40 a su paso por el barrio.", "Contaminación acústica del tráfico"),
])
def test_the_cause_of_a_nuisance_is_not_the_act_asked_for(text, title):
    result = triage(text, title=title)
    assert result.level == "national", result.reason


def test_a_municipal_act_named_as_a_nuisance_cause_alone_still_stays_inside():
    assert triage("Ruido por el tráfico de la calle Mayor por las noches").level not in OUTSIDE
