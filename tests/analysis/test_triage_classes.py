"""Classes of triage errors found on real Madrid requests, each pinned by short sentences written for
the test, in Spanish and in the other languages where the rule applies. Some paraphrase the request that
showed the class; none is a proposal's own text."""
import pytest

from app.analysis.acts import ActLexicon
from app.analysis.competences import CompetenceMap
from app.analysis.triage import default_model, lexicon_for

OUTSIDE = ("regional", "national")


def triage(text, city="madrid", title=None):
    return default_model().triage(text, CompetenceMap.load(city), title=title)


def assert_named_only_as_a_place(text, city):
    """Another level's thing is named (so without the rule the request would leave the mandate), every
    time as a place, and the request stays inside."""
    matches = lexicon_for(CompetenceMap.load(city)).find(text)
    named = [m for m in matches if m.act.reserved]
    assert named and all(m.landmark for m in named), (text, [(m.act.id, m.landmark) for m in matches])
    result = triage(text, city)
    assert result.level not in OUTSIDE, (text, result.reason)


@pytest.mark.parametrize("text,city", [
    ("Autobús que comunique el barrio con la estación de Cercanías", "madrid"),  # a link to the station
    ("Mejor conexión con el metro para los vecinos de la colonia", "madrid"),
    ("Escaleras y rampas desde el metro hasta la calle de arriba", "madrid"),  # where the stair starts
    ("Retirar los barracones del barrio del Aeropuerto", "madrid"),  # a neighbourhood's name
    ("Mejoras en la zona Renfe de Villaverde: caminos y riego", "madrid"),
    ("Distrito Aeropuerto: más limpieza en las calles", "madrid"),
    # the other level's word comes first, so only the landmark rule keeps the request inside
    ("Que connecti amb Rodalies el bus del barri", "barcelona"),
    ("Connectar amb l'estació de Rodalies el barri amb un bus", "barcelona"),
    ("Enllaçar amb el metro el barri amb un bus", "barcelona"),
    ("Des de l'estació de metro fins al mercat, més arbres", "barcelona"),
    ("Depuis l'hôpital jusqu'au marché, une navette gratuite", "paris"),
    ("Le quartier de l'hôpital Saint-Louis a besoin de bancs", "paris"),
    ("From the detention centre to the station, a free bus", "amsterdam"),
    ("The neighborhood of the detention centre needs benches", "amsterdam"),
    ("منطقة مركز الاحتجاز تحتاج حافلات", "sfax"),
    ("حافلات بالقرب من مركز الاحتجاز", "sfax"),
])
def test_a_place_named_by_another_levels_infrastructure_is_a_landmark(text, city):
    assert_named_only_as_a_place(text, city)


@pytest.mark.parametrize("text,city,act", [
    ("Llevamos desde 2019 esperando el metro", "madrid", "metro"),  # 'desde' a year: since
    ("Pedimos desde hace años un hospital en el barrio", "madrid", "hospital_care"),
    ("Pedimos desde la asociación un nuevo hospital", "madrid", "hospital_care"),  # from someone
    ("Queremos llegar a tener un hospital", "madrid", "hospital_care"),  # come to have
    ("Demanem des de l'associació de veïns un nou hospital", "barcelona", "hospital_care"),
    ("Depuis des années nous attendons un hôpital", "paris", "hospital_care"),
    ("Funding from the State to process asylum applications faster", "amsterdam", "asylum"),
])
def test_since_from_someone_and_come_to_have_are_not_a_route(text, city, act):
    matches = lexicon_for(CompetenceMap.load(city)).find(text)
    assert [m.act.id for m in matches if not m.landmark][:1] == [act], (text, [(m.act.id, m.landmark) for m in matches])


@pytest.mark.parametrize("text,title", [
    ("Instalar pantallas acústicas en el lateral de la A-3, el ruido no deja dormir.", "Ruido por el tráfico"),
    ("Hacen falta paneles acústicos en la M-40 a su paso por el barrio.", "Contaminación acústica del tráfico"),
])
def test_the_cause_of_a_nuisance_is_not_the_act_asked_for(text, title):
    result = triage(text, title=title)
    assert result.level == "national", result.reason


def test_another_levels_road_named_as_the_cause_is_still_what_must_act():
    result = triage("Ruido de la M-40 toda la noche junto a las casas")
    assert result.level == "national", result.reason


@pytest.mark.parametrize("text,city,cause", [
    ("Contaminación por el tráfico en la calle Mayor", "madrid", "trafico"),
    ("La contaminació del trànsit al carrer", "barcelona", "transit"),
    ("La pollution du stationnement", "paris", "stationnement"),
    ("Fumes from the buses at night", "amsterdam", "buses"),
    ("ضجيج الحافلات في الليل", "sfax", "الحافلات"),
])
def test_the_citys_own_act_named_as_a_nuisance_cause_is_not_asked_for(text, city, cause):
    matches = lexicon_for(CompetenceMap.load(city)).find(text)
    assert [m.landmark for m in matches if m.text == cause][:1] == [True], (text, matches)


def test_a_municipal_act_named_as_a_nuisance_cause_alone_still_stays_inside():
    assert triage("Ruido por el tráfico de la calle Mayor por las noches").level not in OUTSIDE


@pytest.mark.parametrize("text,city,level", [
    # noise screens and traffic belong to whoever owns the road or the track
    ("Pantallas acústicas en la autovía A-3 a su paso por el barrio", "madrid", "national"),
    ("Paneles antirruido en las carreteras que cruzan el parque", "madrid", "national"),
    ("Pantallas acústicas en la M-30 junto a las casas", "madrid", "municipal"),  # Calle 30 is the city's
    ("Mejorar la circulación en la A-3 con separadores de carril", "madrid", "national"),
    ("Mejorar la circulación en la calle de Alcalá", "madrid", "municipal"),
    # a city project standing on another level's road or railway needs the owner: shared
    ("Paso de peatones seguro en el puente sobre la M-40", "madrid", "shared"),
    ("Soterrar las cocheras del metro y hacer un parque encima", "madrid", "shared"),
    ("Pasos peatonales elevados sobre la M-30", "madrid", "municipal"),
    ("Una passarel·la per sobre de les vies del tren", "barcelona", "shared"),
    ("Cubrir las cocheras de Canillejas del metro con un jardín", "madrid", "shared"),  # a depot named by its place
    ("Soterrar las cocheras de la EMT y hacer un parque encima", "madrid", "municipal"),  # the city's bus depot
    ("Cobrir les cotxeres de Sants amb un jardí", "barcelona", "municipal"),  # a civic centre, not a rail yard
    # State property
    ("Abrir el Parque Móvil del Estado a los coches de los vecinos", "madrid", "national"),
    ("Que el Parque Móvil de Ministerios ceda plazas por la noche", "madrid", "national"),
])
def test_the_owner_of_the_thing_acted_on_decides(text, city, level):
    result = triage(text, city)
    assert result.level == level, (text, result.reason)


@pytest.mark.parametrize("text,city", [
    ("Bus nocturn quan tanca el metro", "barcelona"),  # Barcelona's metro is shared, but nothing is built on it
    ("Més bancs al carrer i millor metro", "barcelona"),
    ("Más bancos en la calle y crear un impuesto nuevo", "madrid"),  # a new tax is shared, not a road
])
def test_a_shared_act_named_after_a_city_act_is_not_infrastructure_it_stands_on(text, city):
    result = triage(text, city)
    assert result.level == "municipal", (text, result.reason)


def test_a_bare_line_number_is_a_bus_line_only_when_no_metro_has_that_number():
    metro = triage("Proponemos ampliar la Línea 8 del Metro hasta Vallecas.", title="Ampliación de la Línea 8")
    assert metro.level == "regional", metro.reason
    assert triage("Conectar las líneas 1, 3 y 9 de metro en una estación").level == "regional"
    assert triage("Prolongar la línea 27 hasta La Vaguada").level == "municipal"
    barcelona = CompetenceMap.load("barcelona")
    metro_level = default_model().triage("Ampliar el metro fins a Sant Andreu", barcelona).level
    assert default_model().triage("Connectar les línies 1, 3 i 5 de metro", barcelona).level == metro_level


def test_which_line_numbers_are_buses_is_each_citys_data():
    """Madrid's metro has lines 1-12 and Barcelona's L1-L12: the list every city shares names no number."""
    bare = "Prolongar la línea 27"
    assert [m.act.id for m in ActLexicon("ES").find(bare)] == []
    assert [m.act.id for m in lexicon_for(CompetenceMap.load("madrid")).find(bare)] == ["city_bus_line_numbers"]


def test_country_wide_acts_name_no_citys_operator():
    country = {act.id for act in ActLexicon("ES").acts if act.reserved}
    for act in lexicon_for(CompetenceMap.load("madrid")).acts:
        if act.id in country:
            assert "Madrid" not in act.authority, act


@pytest.mark.parametrize("text,city,level", [
    ("Tarifa reducida de estudiante en la tarjeta de la EMT", "madrid", "regional"),  # fares are the Consorcio's
    ("Tarifa reduïda per a estudiants al transport públic", "barcelona", "regional"),
    ("Instituto público en Arroyo del Fresno", "madrid", "regional"),  # a title naming a school and a place
    ("Colegios e institutos en los barrios nuevos del sureste", "madrid", "regional"),
    ("Dotación de un instituto de secundaria para el barrio", "madrid", "regional"),
    ("Institut al barri de la Marina", "barcelona", "regional"),
    ("Limpieza del instituto del barrio", "madrid", "regional"),  # institutes are the region's buildings
    ("Neteja de l'institut del barri", "barcelona", "regional"),
    ("Pintar la fachada del IES del barrio", "madrid", "regional"),
    ("Que se pueda pedir la descalificación de una vivienda protegida", "madrid", "regional"),
    ("Limpieza del patio del colegio", "madrid", "municipal"),  # CEIP buildings are the city's
    ("Permitir la venta y la descalificación de las VPO", "madrid", "regional"),
    ("Desqualificació dels habitatges de protecció oficial", "barcelona", "regional"),
    ("Que la comunidad de vecinos no pueda impedir instalar placas solares", "madrid", "national"),
])
def test_missing_act_vocabulary_in_spanish_and_catalan(text, city, level):
    result = triage(text, city)
    assert result.level == level, (text, result.reason)


@pytest.mark.parametrize("text,city", [
    ("Renovar el parque móvil de la EMT con autobuses eléctricos", "madrid"),  # any fleet, not the State's
    ("Basta de descalificaciones en los plenos", "madrid"),  # insults, not declassifying housing
    ("Prou desqualificacions als plens del districte", "barcelona"),
    ("Rampas de acceso hasta el instituto", "madrid"),  # a school named as a destination is a place
    ("Obras en el Instituto de la Mujer del distrito", "madrid"),  # not a secondary school
    ("Limpieza del Instituto Municipal de Deportes", "madrid"),
    ("Obres a l'Institut Municipal d'Educació", "barcelona"),
])
def test_ordinary_words_the_higher_levels_acts_also_use_stay_inside(text, city):
    result = triage(text, city)
    assert result.level not in OUTSIDE, (text, result.reason)


@pytest.mark.parametrize("text,city", [
    ("Homenaje a un arquitecto del metro con un busto y una calle con su nombre", "madrid"),
    ("Ajardinar la isleta de la entrada al barrio por la M-607", "madrid"),
    ("Homenatge amb una placa commemorativa a la plaça de l'estació de Rodalies", "barcelona"),
    ("Donner le nom d'une résistante à une rue près de la gare", "paris"),
    ("A statue and a street name for the first woman mayor", "amsterdam"),
    ("تسمية شارع باسم معلمة الحي قرب المطار", "sfax"),
])
def test_naming_and_monuments_are_the_citys_own_acts(text, city):
    result = triage(text, city)
    assert result.level == "municipal", (text, result.reason)
    assert result.act


@pytest.mark.parametrize("text,city,level", [
    ("Rampas para subir desde la calle al colegio público del barrio", "madrid", "inside"),  # a school as a place
    ("Escaleras desde la plaza hasta el instituto público", "madrid", "inside"),
    ("Si hay sitio en la terraza de mi piso, que la comunidad de vecinos no pueda impedir las placas solares",
     "madrid", "national"),  # a private terrace is not a bar terrace on the street
    ("Menos terrazas de bares en las aceras", "madrid", "municipal"),
])
def test_an_ambiguous_noun_alone_is_not_an_act(text, city, level):
    result = triage(text, city)
    if level == "inside":
        assert result.level not in OUTSIDE, (text, result.reason)
    else:
        assert result.level == level, (text, result.reason)


@pytest.mark.parametrize("text,city,act", [
    ("Menys terrasses de bars a les voreres", "barcelona", "public_space"),
    ("Moins de terrasses de cafés sur la place", "paris", "public_space"),
    ("Fewer cafe terraces on the square", "amsterdam", "public_space"),
    ("Planter des fleurs sur les îlots directionnels", "paris", "streets_traffic"),
    ("Flowers on the traffic islands", "amsterdam", "streets_traffic"),
    ("زراعة الجزيرة الوسطية بالأشجار", "sfax", "streets_traffic"),
])
def test_street_terraces_and_traffic_islands_are_the_citys_in_every_language(text, city, act):
    assert act in [m.act.id for m in lexicon_for(CompetenceMap.load(city)).find(text)], text


def test_a_private_terrace_is_not_a_bar_terrace_in_catalan_either():
    matches = lexicon_for(CompetenceMap.load("barcelona")).find("Plaques solars a la terrassa del meu pis")
    assert "public_space" not in [m.act.id for m in matches]


# Classes found on the second (fresh) round of Madrid requests, once it had become development data.
@pytest.mark.parametrize("text,city,level", [
    ("Soterramiento de la vía del tren entre el parque y la avenida", "madrid", "shared"),  # one track, named
    ("Soterrar la línea de Cercanías a su paso por el barrio", "madrid", "shared"),
    ("Soterrament de la via del tren al seu pas pel barri", "barcelona", "shared"),
    ("Soterramiento de la carretera Toledo en su entrada a la ciudad", "madrid", "shared"),  # no 'de'
    ("Enlace directo del barrio con la autopista R-3 desde la avenida", "madrid", "national"),  # radial toll roads
    ("Reparar las marquesinas protectoras del ruido de los trenes entre las dos estaciones", "madrid", "national"),
    ("Pantalles acústiques al llarg de la via del tren", "barcelona", "national"),
    ("Más marquesinas en las paradas de autobús del barrio", "madrid", "municipal"),  # bus shelters stay the city's
    ("Nueva asignatura de convivencia en los centros educativos", "madrid", "regional"),  # the curriculum
    ("Una nova assignatura de convivència a les escoles", "barcelona", "regional"),
    ("Residencia de proximidad para personas mayores en el distrito", "madrid", "regional"),
    ("Residència pública per a gent gran al barri", "barcelona", "regional"),
    ("Un nuevo plan de estudios con más horas de música", "madrid", "regional"),
    ("Obligar a las empresas de cada zona a conceder un día de teletrabajo", "madrid", "national"),
    ("Obligar les empreses a donar un dia de teletreball", "barcelona", "national"),
])
def test_act_vocabulary_found_on_the_second_round(text, city, level):
    result = triage(text, city)
    assert result.level == level, (text, result.reason)


def test_squatting_alone_is_a_topic_not_a_law():
    result = triage("Desalojar a los okupas de los vestuarios de las pistas deportivas")
    assert result.level not in OUTSIDE, result.reason


@pytest.mark.parametrize("text,city", [
    ("Dirección metro Batán: un ascensor en las escaleras de la calle", "madrid"),  # the way to the station
    ("Direcció metro: un ascensor a les escales del carrer", "barcelona"),
    ("Direction hôpital : un ascenseur dans l'escalier de la rue", "paris"),
    ("In the direction of the detention centre, a lift on the street stairs", "amsterdam"),
    ("باتجاه مركز الاحتجاز مصعد في درج الشارع", "sfax"),
])
def test_a_direction_names_the_way_to_a_place(text, city):
    assert_named_only_as_a_place(text, city)


@pytest.mark.parametrize("text,city", [
    ("Pedir a la dirección del hospital más médicos", "madrid"),  # the management, not the way
    ("Demander à la direction de l'hôpital plus de lits", "paris"),
])
def test_the_management_of_a_place_is_not_a_direction(text, city):
    assert triage(text, city).level in OUTSIDE, text


def test_a_title_typed_with_two_spaces_reads_as_one():
    once = triage("", title="Residencia de proximidad para mayores")
    twice = triage("", title="Residencia de proximidad  para   mayores")
    assert (twice.level, twice.act) == (once.level, once.act) == ("regional", once.act)


# Classes found on the read half of the third round (third-dev).
@pytest.mark.parametrize("text,city", [
    ("Calle Hacienda de Pavones: arreglar el jardín", "madrid"),  # a street named after an office
    ("Paseo del Ferrocarril: más árboles", "madrid"),
    ("Carrer del Ferrocarril: més arbres", "barcelona"),
    ("Rue de l'Hôpital : des bancs", "paris"),
    ("Detention Centre Street needs benches", "amsterdam"),  # English names the street after the landmark
    ("شارع مركز الاحتجاز يحتاج مقاعد", "sfax"),
])
def test_a_street_named_after_another_levels_office_or_railway_is_a_place(text, city):
    assert_named_only_as_a_place(text, city)


@pytest.mark.parametrize("text,city", [
    ("Una ronda de la Policía Nacional por las noches", "madrid"),  # a patrol, not a ring road
    ("Crear una plaza de residencia de mayores pública", "madrid"),  # a place in a home, not a square
    ("Que Hacienda permita deducir el alquiler", "madrid"),
])
def test_words_streets_share_do_not_hide_another_levels_act(text, city):
    assert triage(text, city).level in OUTSIDE, text


@pytest.mark.parametrize("text,city", [
    ("Moción del pleno municipal para pedir el fin del genocidio en Gaza", "madrid"),  # the council's own act
    ("Romper relaciones con la empresa concesionaria", "madrid"),  # a contract, not diplomacy
    ("Break off relations with our twin city", "amsterdam"),
    ("Els ambaixadors de barri han de tenir un local", "barcelona"),
    ("وقف إبادة الكلاب السائبة", "sfax"),
    ("قطع العلاقات مع شركة النظافة", "sfax"),
    ("En el casco antiguo, zona 30 obligatoria", "madrid"),  # the old town, not a helmet
    ("Al casc antic, zona 30 obligatòria", "barcelona"),
    ("Soterrar los contenedores en la vía pública", "madrid"),  # a street, not a railway
    ("Barreras acústicas en la vía de servicio de la M-30", "madrid"),
    ("Obligar a los vecinos a sacar la basura fuera del horario laboral de los comercios", "madrid"),
])
def test_what_the_city_does_itself_stays_inside(text, city):
    result = triage(text, city)
    assert result.level not in OUTSIDE, (text, result.reason)


@pytest.mark.parametrize("text,city,level", [
    ("Stop genocidio en Gaza", "madrid", "national"),  # foreign policy is the State's everywhere
    ("Romper relaciones diplomáticas con el país agresor", "madrid", "national"),
    ("Trencar relacions diplomàtiques amb el país agressor", "barcelona", "national"),
    ("Rompre les relations diplomatiques avec le pays agresseur", "paris", "national"),
    ("Break off diplomatic relations with the aggressor state", "amsterdam", "national"),
    ("قطع العلاقات الدبلوماسية مع الدولة المعتدية", "sfax", "national"),
    ("Uso obligatorio de chaleco reflectante para ciclistas y patinetes", "madrid", "national"),
    ("Casco obligatorio para los usuarios de patinetes", "madrid", "national"),
    ("Armilla reflectant obligatòria per als ciclistes", "barcelona", "national"),
    ("Conservatorio profesional de música en el barrio", "madrid", "regional"),
    ("Un conservatori professional de música al districte", "barcelona", "regional"),
])
def test_acts_found_on_the_third_rounds_read_half(text, city, level):
    result = triage(text, city)
    assert result.level == level, (text, result.reason)


def test_a_municipal_music_school_stays_the_citys():
    assert triage("Conservatorio municipal de música en el barrio").level not in OUTSIDE
