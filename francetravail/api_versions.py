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
            "organisation (filtres par identité, commune, organisme référent, orientées ou modifiées depuis une "
            "date), fiche, modification des coordonnées, inscription et droit au RSA, diagnostic par sections "
            "(écriture avec If-Match / ETag ; parties confidentielles avec la portée et le rôle), recherche par "
            "NIR pour les organisations habilitées (le NIR n'est jamais renvoyé).",
            "Orientations (/api/v1/orientations/) : décisions d'orientation, confirmées ou modifiées par les "
            "décideurs ; flux CAF/MSA (/api/v1/flux-caf/) : dépôt par le département et suivi de l'import.",
            "Rendez-vous : agendas (/api/v1/agendas/), créneaux libres (/api/v1/creneaux/), rendez-vous "
            "(/api/v1/rendezvous/ : prise dans vos agendas, présence) et suivi (/api/v1/suivis/).",
            "Contrats d'engagement (/api/v1/contrats/) : versions, plan d'action, heures, suivi, PDF ; actions du "
            "plan et durée hebdomadaire. Manquements (/api/v1/manquements/ : lecture, signalement) et "
            "procédures de sanction (/api/v1/procedures/).",
            "Employeurs : offres (/api/v1/offres/ : publication et gestion par le logiciel de recrutement) et "
            "candidatures (/api/v1/candidatures/).",
            "Référentiels (/api/v1/referentiels/) : communes, départements, métiers ROME, organisations du réseau.",
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
