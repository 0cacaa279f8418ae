"""Employers, offers and job-search profiles for the employers' side tests."""

import datetime
import itertools

from django.utils import timezone

from entreprises.enums import RoleEntreprise, StatutMembre, StatutOffre, TempsTravail, TypeContrat
from entreprises.models import Entreprise, MembreEntreprise, Offre, ProfilRecherche
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel

_SIREN = itertools.count(100000)


def siret_valide():
    """A SIRET that passes the Luhn checks of python-stdnum (SIREN and SIRET), unique per call."""
    from stdnum import luhn

    siren = f"{next(_SIREN):06d}00"
    siren += luhn.calc_check_digit(siren)
    debut = siren + "0001"
    return debut + luhn.calc_check_digit(debut)


def entreprise(**kwargs):
    kwargs.setdefault("nom", "Boulangerie du Beffroi")
    kwargs.setdefault("commune", commune("59350"))
    kwargs.setdefault("siret", siret_valide())
    if "referent" not in kwargs:
        organisation = kwargs.pop("organisation_referente", None) or OrganisationFactory()
        kwargs["referent"] = professionnel(organisation)
        kwargs["organisation_referente"] = organisation
    return Entreprise.objects.create(**kwargs)


def employeur(entreprise_, role=RoleEntreprise.ADMIN, statut=StatutMembre.ACTIF, **kwargs):
    user = UserFactory(employeur=True, **kwargs)
    MembreEntreprise.objects.create(entreprise=entreprise_, user=user, role=role, statut=statut)
    return user


def offre(entreprise_=None, *, statut=StatutOffre.PUBLIEE, code_rome="D1102", commune_code="59350", **kwargs):
    """An offer written directly in ``statut`` (the lifecycle is tested through the actions)."""
    entreprise_ = entreprise_ or entreprise()
    valeurs = {
        "titre": "Boulanger / Boulangère",
        "fiche_rome_id": code_rome,
        "description": "Fabrication du pain et des viennoiseries, du mardi au samedi.",
        "type_contrat": TypeContrat.CDI,
        "temps_travail": TempsTravail.PLEIN,
        "heures_hebdo": 35,
        "salaire_min": 1900,
        "commune": commune(commune_code),
        "date_debut": timezone.localdate() + datetime.timedelta(days=15),
        "cree_par": entreprise_.referent or professionnel(),
        **kwargs,
    }
    o = Offre(entreprise=entreprise_, **valeurs)
    o.save()
    if statut != StatutOffre.BROUILLON:
        Offre.objects.filter(pk=o.pk).update(
            statut=statut, publiee_le=timezone.now() if statut != StatutOffre.A_VALIDER else None
        )
        o = Offre.objects.get(pk=o.pk)
    return o


def profil(personne=None, *, codes_rome=("D1102",), commune_code="59350", **kwargs):
    personne = personne or PersonneFactory(avec_compte=True)
    kwargs.setdefault("parcours_professionnel", True)
    p = ProfilRecherche(personne=personne, codes_rome=list(codes_rome), commune=commune(commune_code), **kwargs)
    p.save()
    return p
