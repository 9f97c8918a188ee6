"""Demo content for the public pages: each council's description and secretariat contact, and the
translations of the demo consultations' titles, descriptions and categories (so that a reader in
Arabic, French or English sees them in their language). Fictional addresses (.example)."""
from sqlalchemy import select

from app.consultations.models import Consultation
from app.extensions import db

COUNCIL_PAGES = {
    "sfax": {
        "description": "Le conseil consultatif réunit les associations de personnes migrantes, les organisations "
                       "de la société civile et des membres élus par les communautés. Il conseille la "
                       "municipalité de Sfax sur l'accueil, le logement, la santé et l'accès aux services.",
        "contact_email": "secretariat.sfax@majlis.example",
        "contact_phone": "+216 74 000 100",
        "contact_address": "Hôtel de ville, avenue Hédi Chaker, Sfax — permanence le mardi de 14 h à 17 h",
        "website": "https://sfax.majlis.example",
    },
    "lyon": {
        "description": "Le conseil lyonnais pour la citoyenneté des étrangers donne un avis à la Ville de Lyon "
                       "sur les politiques qui concernent les résidentes et résidents étrangers.",
        "contact_email": "clce@lyon.majlis.example",
        "contact_phone": "+33 4 00 00 01 00",
        "contact_address": "Mairie du 7e arrondissement, Lyon",
        "website": "",
    },
}

# {original title: {language: {"title": …, "description": …, "categories": {original: translated}}}}
TRANSLATIONS = {
    "Accueillir les nouveaux arrivants à Sfax": {
        "ar": {"title": "استقبال الوافدين الجدد في صفاقس",
               "description": "كيف يمكن للمدينة أن تحسن استقبال القادمين الجدد؟ تقرأ أمانة المجلس مقترحاتكم ثم "
                              "تحيلها إلى البلدية.",
               "categories": {"logement": "السكن", "langue": "اللغة", "santé": "الصحة", "transport": "النقل"}},
        "en": {"title": "Welcoming newcomers to Sfax",
               "description": "How can the city better welcome people who arrive? Your proposals are read by the "
                              "council's secretariat, then passed on to the municipality.",
               "categories": {"logement": "housing", "langue": "language", "santé": "health",
                              "transport": "transport"}},
    },
    "Safer streets and public space in the Medina": {
        "ar": {"title": "شوارع أكثر أمانا وفضاء عام في المدينة العتيقة",
               "description": "ما الأفكار التي تحظى بموافقة واسعة؟ صوّتوا بالموافقة أو الرفض أو التجاوز على كل عبارة.",
               "categories": {"public space": "الفضاء العام", "policing": "الأمن"}},
        "fr": {"title": "Des rues plus sûres et l'espace public dans la médina",
               "description": "Quelles idées font largement consensus ? Votez d'accord, pas d'accord ou passer "
                              "sur chaque affirmation.",
               "categories": {"public space": "espace public", "policing": "police"}},
    },
    "الصحة والرعاية للمهاجرين": {
        "fr": {"title": "Santé et soins pour les personnes migrantes", "description": "",
               "categories": {"صحة": "santé"}},
        "en": {"title": "Health and care for migrants", "description": "", "categories": {"صحة": "health"}},
    },
    "Logement : sortir des squats": {
        "ar": {"title": "السكن: الخروج من المساكن العشوائية", "description": ""},
        "en": {"title": "Housing: leaving squats", "description": ""},
    },
    "School enrolment for newcomer children": {
        "ar": {"title": "تسجيل الأطفال الوافدين في المدارس", "description": ""},
        "fr": {"title": "Scolarisation des enfants nouvellement arrivés", "description": ""},
    },
    "Mercado municipal y venta ambulante": {
        "ar": {"title": "السوق البلدي والباعة المتجولون", "description": ""},
        "fr": {"title": "Marché municipal et vente ambulante", "description": ""},
        "en": {"title": "Municipal market and street vending", "description": ""},
    },
    "Conseil lyonnais : priorités de travail 2027": {
        "ar": {"title": "مجلس ليون: أولويات العمل لعام 2027", "description": "",
               "categories": {"accès aux droits": "الوصول إلى الحقوق", "logement": "السكن",
                              "participation": "المشاركة"}},
        "en": {"title": "Lyon council: priorities for 2027", "description": "",
               "categories": {"accès aux droits": "access to rights", "logement": "housing",
                              "participation": "participation"}},
    },
    "Budget participatif 2027 : quartiers populaires": {
        "ar": {"title": "الميزانية التشاركية 2027: الأحياء الشعبية", "description": ""},
        "en": {"title": "Participatory budget 2027: working-class neighbourhoods", "description": ""},
    },
}


def load(councils: dict, users: dict) -> int:
    """Fill what is still empty: council pages, then missing translations. Returns how many changed."""
    changed = 0
    for slug, page in COUNCIL_PAGES.items():
        council = councils.get(slug)
        if council is not None and not council.description:
            for name, value in page.items():
                setattr(council, name, value)
            changed += 1
    for consultation in db.session.scalars(select(Consultation).where(Consultation.title.in_(TRANSLATIONS))):
        missing = {lang: texts for lang, texts in TRANSLATIONS[consultation.title].items()
                   if lang not in (consultation.translations or {})}
        if missing:
            consultation.translations = {**(consultation.translations or {}), **missing}
            changed += 1
    return changed
