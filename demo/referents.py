"""Demo of the référents for ``make run`` (idempotent): Lille Centre's responsable d'équipe (Agnès Leroy) has
twenty people to assign, brought by the CAF/MSA flow and oriented to the agency; a team of three conseillers
with different loads (Camille Durand follows the demo's people, Léa Girard six more, Yanis Garcia two); the
agency's rule: by commune (Roubaix → Yanis Garcia), otherwise the least loaded conseiller."""

import datetime

from demo.orientation import orientation_notifiee
from francetravail.personnes.models import Personne
from francetravail.referents.enums import CritereAttribution
from francetravail.referents.models import AffectationCommune, RegleAttribution
from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription

PRENOMS = ["Adam", "Chloé", "Enzo", "Fatima", "Gabriel", "Hélène", "Ibrahim", "Jade", "Kevin", "Lina"]
NOMS = ["Carpentier", "Delattre"]
# Lille, Roubaix, Tourcoing: the flow's people live across the agency's area.
COMMUNES = [("59350", "59000"), ("59512", "59100"), ("59599", "59200")]
A_ATTRIBUER = 20


def _personne(nom, prenom, rang, organisation, referent=None):
    commune, code_postal = COMMUNES[rang % len(COMMUNES)]
    personne, _ = Personne.objects.get_or_create(
        nom_naissance=nom,
        prenoms=prenom,
        date_naissance=datetime.date(1975 + rang % 25, 1 + rang % 12, 1 + rang % 27),
        defaults={
            "email": f"{prenom.lower()}.{nom.lower()}@exemple.fr".replace("é", "e").replace("è", "e"),
            "adresse": f"{rang + 1} rue Nationale",
            "commune_id": commune,
            "code_postal": code_postal,
            "organisme_referent": organisation,
            "referent_unique": referent,
        },
    )
    return personne


def _portefeuille(organisation, conseiller, nom, nombre):
    for rang in range(nombre):
        _personne(nom, PRENOMS[rang % len(PRENOMS)], 40 + rang, organisation, conseiller)


def charger_demo_referents(organisation, responsable, equipe):
    """``equipe``: the three conseillers of ``organisation`` (the first one already has the demo's people)."""
    _, lea, yanis = equipe
    _portefeuille(organisation, lea, "Vasseur", 6)
    _portefeuille(organisation, yanis, "Wallart", 2)
    for rang in range(A_ATTRIBUER):
        personne = _personne(NOMS[rang // len(PRENOMS)], PRENOMS[rang % len(PRENOMS)], rang, organisation)
        DossierInscription.objects.get_or_create(
            personne=personne,
            defaults={"canal": Canal.FLUX_CAF_MSA, "organisation": organisation, "statut": StatutInscription.INSCRIT},
        )
        orientation_notifiee(personne, organisation)
    regle, _ = RegleAttribution.objects.get_or_create(
        organisation=organisation,
        defaults={"critere": CritereAttribution.PAR_COMMUNE, "repli_moins_charge": True, "modifiee_par": responsable},
    )
    AffectationCommune.objects.get_or_create(regle=regle, commune_id="59512", defaults={"conseiller": yanis})
