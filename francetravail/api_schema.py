"""What the API's schema says of every operation, in one place: its group (tag) and its errors.

(How to authenticate is ``francetravail/partenaires/schema.py``.)

- ``erreurs_communes``: drf-spectacular postprocessing hook. Every operation may answer 401 (no token,
  expired or revoked), 403 (scope or role), 404 and 429 (rate limit); an operation that takes parameters
  or a body may answer 400, one that takes a body 415. A view documents its own meaning of an error with
  ``reponses_erreur``; the hook fills the ones it did not describe, all as problem+json (RFC 9457).
"""

from drf_spectacular.settings import spectacular_settings

from francetravail.api_erreurs import TYPE_MEDIA

COMPOSANT_PROBLEME = "Probleme"

ERREURS = {
    "400": "Requête invalide : paramètre ou corps mal formé ; le champ « erreurs » donne les messages par champ.",
    "401": "Authentification requise : jeton absent, inconnu, expiré, ou client révoqué. "
    "L'en-tête WWW-Authenticate indique le schéma attendu (Bearer).",
    "403": "Accès refusé : le jeton n'a pas la portée de l'opération, ou le rôle du client ne permet pas "
    "cette opération (les mêmes règles que dans les pages du site).",
    "404": "Ressource introuvable, ou qui ne vous est pas ouverte (la même réponse dans les deux cas, "
    "pour ne rien révéler) ; pour une liste : curseur de pagination invalide.",
    "415": "Format du corps non pris en charge : envoyez du JSON (Content-Type: application/json).",
    "429": "Trop de requêtes : réessayez après le nombre de secondes donné par l'en-tête Retry-After.",
}

# Each resource's group in the documentation (the tag is the path's first segment after /api/v1/), with its
# French description: a resource added to the router adds its line here (tests/api/test_journal_changements.py).
ETIQUETTES = {
    "personnes": "Les personnes accompagnées dont le dossier est ouvert à votre organisation : identité, "
    "coordonnées, inscription et droit au RSA, diagnostic par sections ; recherche par NIR pour les "
    "organisations habilitées (le NIR n'est jamais renvoyé).",
    "orientations": "Les décisions d'orientation : lecture, et décision (confirmer ou modifier la proposition) "
    "par les décideurs.",
    "flux-caf": "Le dépôt du flux CAF/MSA des bénéficiaires du RSA par le département, et le suivi de son import.",
    "agendas": "Les agendas de rendez-vous de vos organisations.",
    "creneaux": "Les créneaux libres des agendas, pour prendre un rendez-vous.",
    "rendezvous": "Les rendez-vous : lecture, prise d'un rendez-vous dans vos agendas, présence (honoré, manqué).",
    "suivis": "Le suivi des rendez-vous d'une personne (statut de suivi, relances).",
    "contrats": "Les contrats d'engagement : versions, plan d'action, heures hebdomadaires, suivi, PDF ; ajout "
    "d'actions et déclaration de la durée hebdomadaire par le référent.",
    "manquements": "Les manquements aux engagements : lecture, et signalement par le référent.",
    "procedures": "Les procédures de sanction : étapes, dates et délais, pour les décideurs et les organisations "
    "qui les conduisent.",
    "offres": "Les offres d'emploi : publiées et gérées par le logiciel de recrutement d'un employeur, lues par "
    "les conseillers du réseau.",
    "candidatures": "Les candidatures reçues par les offres d'un employeur (son logiciel de recrutement).",
    "referentiels": "Les référentiels : communes (code INSEE, codes postaux), départements, métiers ROME, "
    "organisations du réseau.",
}

SCHEMA_PROBLEME = {
    "type": "object",
    "description": "Une erreur de l'API, au format « problem details » (RFC 9457).",
    "properties": {
        "type": {
            "type": "string",
            "description": "Toujours « about:blank » : le code HTTP dit la nature de l'erreur.",
        },
        "title": {"type": "string", "description": "Intitulé de l'erreur, en français."},
        "status": {"type": "integer", "description": "Code HTTP de la réponse."},
        "detail": {"type": "string", "description": "Explication, en français."},
        "erreurs": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Réponse 400 seulement : les messages d'erreur, par champ envoyé.",
        },
    },
    "required": ["type", "title", "status", "detail"],
}

ENTETES = {
    "401": {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": "Le schéma d'authentification attendu : Bearer (jeton OAuth2).",
        }
    },
    "429": {"Retry-After": {"schema": {"type": "integer"}, "description": "Secondes à attendre avant de réessayer."}},
}


def _reponse_probleme(code):
    reponse = {
        "description": ERREURS[code],
        "content": {TYPE_MEDIA: {"schema": {"$ref": f"#/components/schemas/{COMPOSANT_PROBLEME}"}}},
    }
    if code in ENTETES:
        reponse["headers"] = ENTETES[code]
    return reponse


def _corps_en_json(operation):
    """A body the API reads as JSON is documented as JSON only. REST framework also parses forms, and
    drf-spectacular listed the three types: the generated clients then could not send the body (an
    openapi-python-client module that did not even import). A file upload (multipart only) is left as is."""
    contenu = operation.get("requestBody", {}).get("content", {})
    if "application/json" in contenu:
        operation["requestBody"]["content"] = {"application/json": contenu["application/json"]}


def erreurs_communes(result, generator, request, public):
    """Postprocessing hook: the errors every operation may give, documented where the view did not."""
    # drf-spectacular appends the URL's version ("1.0.0 (v1)"): partners' tools read a plain version number.
    result["info"]["version"] = spectacular_settings.VERSION
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(COMPOSANT_PROBLEME, SCHEMA_PROBLEME)
    utilisees = sorted(
        {
            etiquette
            for chemins in result.get("paths", {}).values()
            for op in chemins.values()
            for etiquette in (op.get("tags", []) if isinstance(op, dict) else [])
        }
    )
    result["tags"] = [
        {"name": nom, "description": ETIQUETTES[nom]} if nom in ETIQUETTES else {"name": nom} for nom in utilisees
    ]
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["401", "403", "404", "429"]
            if operation.get("parameters") or "requestBody" in operation:
                codes.append("400")
            if "requestBody" in operation:
                codes.append("415")
            _corps_en_json(operation)
            reponses = operation["responses"]
            for code in codes:
                reponses.setdefault(code, _reponse_probleme(code))
                if code in ENTETES:
                    reponses[code].setdefault("headers", ENTETES[code])
    return result
