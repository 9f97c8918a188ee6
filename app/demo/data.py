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
