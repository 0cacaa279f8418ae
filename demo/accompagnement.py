"""Demo of the modalities of accompaniment and of the team's load for ``make run`` (idempotent).

Camille Durand's people at Lille Centre each get a modality (Marie Dupont an intensive parcours of
12 months, Julien Blanc « guidé » with a point d'étape overdue, Karim Lefebvre « suivi »); Youssef
Lambert at the Mission locale « suivi en autonomie ». Léa Girard (Lille Centre) carries 41 people in
« accompagnement global », one over its target of 40, and also runs the team (responsable d'équipe):
her dashboard's « Charge de l'équipe » tile shows it.
"""

import datetime

from django.utils import timezone

from demo.reseau import trouver_personne
from francetravail.accompagnement.actions import choisir_modalite
from francetravail.accompagnement.models import ModaliteAccompagnement, ModalitePersonne
from francetravail.base.calendrier import ajouter_mois
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership

NB_GLOBAL_LEA = 41  # accompagnement.portefeuille_cible.global = 40: one over


def _choisir(personne, code, acting_user, *, il_y_a_jours, fin_mois=None):
    if ModalitePersonne.objects.filter(personne=personne).exists():
        return
    debut = timezone.localdate() - datetime.timedelta(days=il_y_a_jours)
    fin = ajouter_mois(debut, fin_mois) if fin_mois else None
    choisir_modalite(personne, ModaliteAccompagnement.objects.get(code=code), acting_user, fin_prevue=fin, debut=debut)


def charger_demo_accompagnement(lille, pros):
    camille, lea, ines = pros["conseiller"], pros["conseiller.equipe"], pros["conseiller.ml"]
    Membership.objects.get_or_create(user=lea, organisation=lille, role=Role.RESPONSABLE_EQUIPE)
    _choisir(trouver_personne("Dupont", "Marie"), "intensif", camille, il_y_a_jours=20, fin_mois=12)
    _choisir(trouver_personne("Blanc", "Julien"), "guide", camille, il_y_a_jours=200)
    _choisir(trouver_personne("Lefebvre", "Karim"), "suivi", camille, il_y_a_jours=60)
    _choisir(trouver_personne("Lambert", "Youssef"), "suivi", ines, il_y_a_jours=30)
    for i in range(1, NB_GLOBAL_LEA + 1):
        personne, _ = Personne.objects.get_or_create(
            nom_naissance=f"Portefeuille{i:02d}",
            prenoms="Démo",
            date_naissance=datetime.date(1980, 1, 1) + datetime.timedelta(days=97 * i),
            defaults={
                "commune_id": "59350",
                "code_postal": "59000",
                "adresse": f"{i} rue de Béthune",
                "organisme_referent": lille,
                "referent_unique": lea,
            },
        )
        _choisir(personne, "global", lea, il_y_a_jours=10 * i)
