"""The API's versions and their changes: the changelog page (/api/changelog/) reads them, and the schema's
``info.version`` must be the latest one (tests/api/test_journal_changements.py).

A change that keeps every partner's code working (a new resource, a new optional field or filter, a new
event) is a new minor version of v1, with its entry here. A change that breaks one (a field removed or
renamed, a meaning changed, a stricter rule on an existing call) goes to /api/v2/ only.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class VersionAPI:
    numero: str
    publiee_le: date
    resume: str
    changements: tuple[str, ...]


# Newest first.
VERSIONS = (
    VersionAPI(
        numero="1.0.0",
        publiee_le=date(2026, 12, 6),
        resume="Première version de l'API des partenaires du réseau.",
        changements=(
            "Authentification OAuth2 « client credentials » : l'administrateur d'une organisation crée, "
            "renouvelle et révoque les clients de l'API de son organisation dans le back-office, choisit leur "
            "rôle et leurs portées (lecture / écriture par ressource) ; le secret n'est montré qu'une fois.",
            "Les appels passent par les mêmes règles d'accès que les pages du site ; chaque lecture d'un dossier "
            "est inscrite au journal des accès de la personne, au nom du client, de son organisation et du "
            "professionnel désigné par l'en-tête X-Professionnel.",
            "Personnes (/api/v1/personnes/) : liste des personnes dont le dossier est ouvert à votre "
            "organisation, fiche d'une personne, modification des coordonnées.",
            "Pagination par curseur (paramètres curseur et taille), filtres, en-tête Idempotency-Key sur les "
            "POST, limites de débit par client (réponse 429 avec Retry-After).",
            "Erreurs au format application/problem+json (RFC 9457), en français, décrites pour chaque opération.",
            "Webhooks signés (HMAC-SHA256 avec horodatage), relivrés en cas d'échec, avec un journal des "
            "livraisons consultable et rejouable depuis le back-office.",
        ),
    ),
)

DERNIERE = VERSIONS[0]

# How long /api/v1/ stays once /api/v2/ is published.
MAINTIEN_APRES_VERSION_SUIVANTE_MOIS = 12
