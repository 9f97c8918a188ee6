"""The demo's content: a Sfax migrant council with organisations and people of every role.

Organisations and people are fictional. Later issues add consultations to this file."""

PASSWORD = "majlis-demo-2026"

COUNCIL = {
    "slug": "sfax",
    "name": "Conseil consultatif des migrants de Sfax",
    "city": "Sfax",
    "country": "TN",
    "languages": ["ar", "fr", "en"],
    "k_anonymity": 5,
    "competence_map": "sfax",
}

USERS = [
    {"email": "admin@majlis.example", "display_name": "Platform admin", "role": "admin", "language": "en"},
    {"email": "moderator@majlis.example", "display_name": "Salma (secrétariat)", "role": "moderator", "language": "fr"},
    {"email": "commissioner@majlis.example", "display_name": "مكتب شؤون الهجرة", "role": "commissioner",
     "language": "ar"},
    {"email": "amina@majlis.example", "display_name": "Amina", "role": "participant", "language": "fr"},
    {"email": "youssef@majlis.example", "display_name": "يوسف", "role": "participant", "language": "ar"},
    {"email": "grace@majlis.example", "display_name": "Grace", "role": "participant", "language": "en"},
    {"email": "lucia@majlis.example", "display_name": "Lucía", "role": "participant", "language": "en"},
]

ORGANISATIONS = [
    {
        "name": "Association des étudiants subsahariens de Sfax",
        "type": "migrant_association", "status": "accredited", "membership_band": "51-250",
        "description": "Accueil, orientation et entraide pour les étudiantes et étudiants venus d'Afrique "
                       "subsaharienne : inscriptions, logement, santé.",
        "communities_served": ["Ivoirian", "Cameroonian", "Malian", "Guinean"],
        "languages_served": ["French", "Bambara", "English"],
        "neighbourhoods": ["Route de Gremda", "Sakiet Ezzit"],
        "funding_sources": "Cotisations des membres ; subvention municipale 2025 pour la rentrée solidaire.",
        "members": [("amina@majlis.example", True), ("grace@majlis.example", False)],
        "invite_code": "demo-etudiants",
    },
    {
        "name": "جمعية حي البحري للتضامن",
        "type": "neighbourhood", "status": "accredited", "membership_band": "11-50",
        "description": "جمعية حي تنظم دروسا في اللغة العربية وأنشطة للأطفال وتساعد العائلات الوافدة على التسجيل "
                       "في المدارس والمراكز الصحية.",
        "communities_served": ["Sudanese", "Syrian", "Tunisian"],
        "languages_served": ["Arabic", "French"],
        "neighbourhoods": ["El Bahri", "Sfax Medina"],
        "funding_sources": "تبرعات محلية ومنحة من الولاية",
        "members": [("youssef@majlis.example", True)],
        "invite_code": "demo-bahri",
    },
    {
        "name": "Mediterranean Health Access Network",
        "type": "ngo", "status": "accredited", "membership_band": "251-1000",
        "description": "Mobile clinics and legal orientation for people on the move along the coast.",
        "communities_served": ["Sudanese", "Eritrean", "Ivoirian"],
        "languages_served": ["English", "Arabic", "French", "Tigrinya"],
        "neighbourhoods": ["Sfax Medina", "El Amra"],
        "funding_sources": "International donors (EU, private foundations).",
        "members": [("lucia@majlis.example", True)],
        "invite_code": "demo-health",
    },
    {
        "name": "Red de Mujeres Migrantes del Mediterráneo",
        "type": "community_group", "status": "pending", "membership_band": "11-50",
        "description": "Red de apoyo mutuo entre mujeres migrantes: cuidados, empleo doméstico digno y "
                       "acompañamiento a servicios municipales.",
        "communities_served": ["Latin American", "Filipino", "Ivoirian"],
        "languages_served": ["Spanish", "English", "French"],
        "neighbourhoods": ["Sfax El Jadida"],
        "funding_sources": "Aportaciones de las socias.",
        "members": [],
        "invite_code": "demo-mujeres",
    },
]

# One consultation in each phase. Proposals: (author e-mail, title, body, category, organisation name or None).
CONSULTATIONS = [
    {"phase": "draft", "language": "fr", "title": "Budget participatif 2027 : quartiers populaires",
     "description": "Préparation de la prochaine consultation sur le budget participatif.",
     "categories": ["espaces publics", "jeunesse"], "questions": ["Quels projets pour votre quartier ?"],
     "proposals": [], "statements": []},
    {"phase": "open", "language": "fr", "title": "Accueillir les nouveaux arrivants à Sfax",
     "description": "Comment la ville peut-elle mieux accueillir les personnes qui arrivent ? Vos propositions "
                    "sont lues par le secrétariat du conseil puis transmises à la municipalité.",
     "categories": ["logement", "langue", "santé", "transport"],
     "questions": ["Quels services manquent aux nouveaux arrivants ?", "Qu'est-ce qui marche déjà bien ?"],
     "proposals": [
         ("amina@majlis.example", "Un guichet d'accueil multilingue à la mairie",
          "Un guichet ouvert le samedi, avec des interprètes en **arabe**, anglais et bambara, pour orienter "
          "les nouveaux arrivants vers les services municipaux.", "langue",
          "Association des étudiants subsahariens de Sfax"),
         ("youssef@majlis.example", "دروس مسائية في اللغة العربية للوافدين",
          "نقترح دروسا مجانية في اللغة العربية مساء كل يوم ثلاثاء في دار الشباب بحي البحري.", "langue",
          "جمعية حي البحري للتضامن"),
         ("lucia@majlis.example", "Más autobuses nocturnos hacia la zona industrial",
          "Muchas trabajadoras migrantes terminan su turno a medianoche y no hay autobús para volver a casa.",
          "transport", "Mediterranean Health Access Network"),
         ("grace@majlis.example", "Faster residence permit renewals",
          "People lose their jobs while waiting months for their residence card renewal.", "logement", None),
     ],
     "feedback": [(1, "youssef@majlis.example", "supports", "Oui, et le samedi matin serait idéal pour les familles."),
                  (3, "amina@majlis.example", "question", "¿Qué líneas de autobús serían prioritarias?")],
     "supports": [(1, "youssef@majlis.example"), (1, "lucia@majlis.example"), (3, "amina@majlis.example")],
     "statements": []},
    {"phase": "deliberation", "language": "en", "title": "Safer streets and public space in the Medina",
     "description": "Which ideas have wide agreement? Vote agree, disagree or pass on each statement.",
     "categories": ["public space", "policing"], "questions": ["What would make the Medina feel safer?"],
     "proposals": [
         ("grace@majlis.example", "Better street lighting near the bus station",
          "The streets between the bus station and the Medina are dark after 9 pm.", "public space", None)],
     "statements": ["Street lighting should be improved near the bus station.",
                    "La police municipale devrait patrouiller à pied le soir.",
                    "يجب توفير مراحيض عمومية قرب السوق.",
                    "Los controles de identidad por perfil étnico deben terminar.",
                    "Local associations should run a night-time welcome point.",
                    "Video surveillance should be extended to every street."],
     "votes": {"amina@majlis.example": ["agree", "agree", "agree", "agree", "agree", "disagree"],
               "youssef@majlis.example": ["agree", "pass", "agree", "agree", "agree", "agree"]}},
    {"phase": "analysis", "language": "ar", "title": "الصحة والرعاية للمهاجرين",
     "description": "تحليل المقترحات المقدمة حول الحصول على الرعاية الصحية.", "categories": ["صحة"], "questions": [],
     "proposals": [("youssef@majlis.example", "تمديد ساعات عمل المستوصف", "نطالب بفتح المستوصف يوم السبت.",
                    "صحة", None)], "statements": []},
    {"phase": "response", "language": "fr", "title": "Logement : sortir des squats",
     "description": "La municipalité prépare ses réponses.", "categories": [], "questions": [],
     "proposals": [("amina@majlis.example", "Recenser les logements vacants", "Un recensement public des "
                    "logements vides pour les proposer en location sociale.", "", None)], "statements": []},
    {"phase": "follow_up", "language": "en", "title": "School enrolment for newcomer children",
     "description": "Commitments are being followed up.", "categories": [], "questions": [],
     "proposals": [], "statements": []},
    {"phase": "closed", "language": "es", "title": "Mercado municipal y venta ambulante",
     "description": "Consulta cerrada; su archivo sigue siendo público.", "categories": [], "questions": [],
     "proposals": [("lucia@majlis.example", "Puestos para vendedores ambulantes", "Reservar puestos en el mercado "
                    "municipal para la venta ambulante regulada.", "", None)], "statements": []},
]
