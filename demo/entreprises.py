"""Demo data of the employers' side: Paul Lemoine (employeur@…) administers a bakery in Lille whose
référent entreprise is the demo conseiller; it has a published offer, and Julien Blanc (signed contract)
looks for a job as a baker, so the conseiller sees him among the offer's candidates. Idempotent, like the
rest of the seed; the offer goes through the real actions (compliance check, publication)."""

import datetime

from django.utils import timezone

from entreprises import offres, profils
from entreprises.enums import RoleEntreprise, StatutMembre, TempsTravail, TrancheEffectif, TypeContrat
from entreprises.models import Entreprise, MembreEntreprise, Offre


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


def charger_demo_offre(entreprise, employeur):
    if Offre.objects.filter(entreprise=entreprise).exists():
        return
    offre = offres.creer(
        entreprise,
        acting_user=employeur,
        titre="Boulanger / Boulangère",
        fiche_rome="D1102",
        description="Fabrication du pain et des viennoiseries au fournil, du mardi au samedi, en équipe de trois.",
        type_contrat=TypeContrat.CDI,
        temps_travail=TempsTravail.PLEIN,
        heures_hebdo=35,
        salaire_min=2000,
        salaire_max=2300,
        commune="59350",
        date_debut=timezone.localdate() + datetime.timedelta(days=21),
        nb_postes=1,
        conditions_handicap="Fournil de plain-pied ; horaires aménageables.",
    )
    offres.soumettre(offre, acting_user=employeur)


def charger_demo_profil(personne):
    """Julien Blanc looks for a job as a baker, in Lille, full time."""
    profils.enregistrer(personne, codes_rome=["D1102"], temps_travail=TempsTravail.PLEIN)
