"""Demo data of the employers' side: Paul Lemoine (employeur@…) administers a bakery in Lille whose
référent entreprise is the demo conseiller. Idempotent, like the rest of the seed."""

from django.utils import timezone

from entreprises.enums import RoleEntreprise, StatutMembre, TrancheEffectif
from entreprises.models import Entreprise, MembreEntreprise


def charger_demo_entreprise(employeur, agence, referent):
    entreprise, _ = Entreprise.objects.get_or_create(
        siret="99999999800019",  # valid for python-stdnum (SIREN and SIRET keys), chosen for the demo
        defaults={
            "nom": "Boulangerie du Beffroi",
            "code_naf_id": "10.71C",
            "tranche_effectif": TrancheEffectif.T03,
            "adresse": "3 rue du Beffroi",
            "commune_id": "59350",
            "accessibilite_handicap": "Boutique et fournil de plain-pied ; horaires aménageables sur demande.",
            "referent": referent,
            "organisation_referente": agence,
        },
    )
    MembreEntreprise.objects.get_or_create(
        entreprise=entreprise,
        user=employeur,
        defaults={"role": RoleEntreprise.ADMIN, "statut": StatutMembre.ACTIF, "decide_le": timezone.now()},
    )
    return entreprise
