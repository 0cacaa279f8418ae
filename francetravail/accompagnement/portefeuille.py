"""The portfolio's « Modalité » and « Point d'étape » columns, the modality filter, the steps « modalité à
choisir » and « point d'étape à faire », and the sorts by modality and by next point d'étape
(francetravail/personnes/portefeuille.py). One set of subqueries (``queries.annoter``) for all of them.

Late: the next point d'étape of the modality (its cadence after the last one attended, or the planned
end of an intensive parcours: the reassessment) is past.
"""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from francetravail.accompagnement import queries
from francetravail.personnes.portefeuille import (
    Colonne,
    Etape,
    Filtre,
    Tri,
    enregistrer,
    enregistrer_etape,
    enregistrer_filtre,
    enregistrer_tri,
)

SANS_MODALITE = "aucune"
# Points d'étape due within this many days count as « à faire » (the step filter): a month ahead to book them.
HORIZON_JOURS = 30


def _annoter_modalite(qs):
    return queries.annoter(qs)


def _sans_annotation(qs):
    # The « Point d'étape » column reads what the « Modalité » column annotates (registered first).
    return qs


def _texte_modalite(personne):
    if personne.modalite_code is None:
        return "À choisir"
    if personne.modalite_fin_prevue:
        return f"{personne.modalite_libelle} (jusqu'au {personne.modalite_fin_prevue:%d/%m/%Y})"
    return personne.modalite_libelle


def _texte_point_etape(personne):
    prochain = personne.modalite_prochain_point_etape
    if personne.modalite_code is None:
        return "Après le choix de la modalité"
    if prochain is None:
        return "Cadence non paramétrée"
    if personne.modalite_fin_prevue and prochain == personne.modalite_fin_prevue:
        return f"Réévaluation le {prochain:%d/%m/%Y}"
    return f"Le {prochain:%d/%m/%Y}"


def _en_retard(personne):
    prochain = personne.modalite_prochain_point_etape
    return prochain is not None and prochain < timezone.localdate()


def _choix_modalites():
    return [(m.code, m.libelle) for m in queries.modalites_proposees()] + [(SANS_MODALITE, "Sans modalité")]


def _q_modalite(code):
    if code == SANS_MODALITE:
        return Q(modalite_code__isnull=True)
    return Q(modalite_code=code)


def _point_etape_a_faire():
    horizon = timezone.localdate() + datetime.timedelta(days=HORIZON_JOURS)
    return Q(modalite_prochain_point_etape__lte=horizon)


def connecter():
    enregistrer(Colonne("modalite", "Modalité", _annoter_modalite, _texte_modalite, ordre=60))
    enregistrer(
        Colonne(
            "point_etape",
            "Point d'étape",
            _sans_annotation,
            _texte_point_etape,
            retard_q=queries.point_etape_en_retard_q,
            en_retard=_en_retard,
            ordre=61,
        )
    )
    enregistrer_filtre(Filtre("modalite", "Modalité", _choix_modalites, _q_modalite))
    enregistrer_etape(Etape("modalite_a_choisir", "Modalité à choisir", lambda: Q(modalite_code__isnull=True), 60))
    enregistrer_etape(
        Etape("point_etape", f"Point d'étape dépassé ou dans les {HORIZON_JOURS} jours", _point_etape_a_faire, 61)
    )
    enregistrer_tri(
        Tri("echeance", "Prochain point d'étape", lambda: [F("modalite_prochain_point_etape").asc(nulls_last=True)])
    )
    enregistrer_tri(Tri("modalite", "Modalité", lambda: [F("modalite_libelle").asc(nulls_last=True)]))
