"""The loaders of the person page and of the person's home page give the same person as the ORM
querysets they are compiled from."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from francetravail.personnes.models import Personne
from francetravail.personnes.queries import ParIdentifiant, charger_espace, charger_fiche, espace, fiche
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel

CHAMPS = [f.attname for f in fiche().model._meta.concrete_fields] + [
    "organisme_referent_nom",
    "commune_nom",
    "referent_prenom",
    "referent_nom",
    "referent_email",
]


def test_charger_fiche_donne_la_meme_personne_que_l_orm():
    agence = OrganisationFactory()
    personne = PersonneFactory(
        organisme_referent=agence, referent_unique=professionnel(agence, first_name="Jo"), commune=commune("75056")
    )
    attendu, obtenu = fiche().get(pk=personne.pk), charger_fiche(personne.pk)
    assert type(obtenu) is type(attendu)
    assert {c: getattr(obtenu, c) for c in CHAMPS} == {c: getattr(attendu, c) for c in CHAMPS}
    assert obtenu.commune_nom == "Paris" and obtenu.referent_prenom == "Jo"


def test_charger_fiche_sans_liens_et_inconnue():
    personne = PersonneFactory(organisme_referent=None, commune=None)
    obtenu = charger_fiche(personne.pk)
    assert obtenu.pk == personne.pk
    assert obtenu.organisme_referent_nom is None and obtenu.commune_nom is None and obtenu.referent_email is None
    assert charger_fiche(personne.pk + 1_000_000) is None


ANNOTATIONS_ESPACE = [
    "organisme_referent_nom",
    "referent_prenom",
    "referent_nom",
    "referent_email",
    "statut_inscription",
    "messages_non_lus",
]


def test_charger_espace_donne_la_meme_personne_que_l_orm():
    from francetravail.messagerie.actions import envoyer_message
    from francetravail.messagerie.queries import non_lus_par_la_personne
    from inscription.models import DossierInscription

    agence = OrganisationFactory()
    referent = professionnel(agence, first_name="Jo")
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence, referent_unique=referent)
    DossierInscription.objects.create(personne=personne, canal="guichet", statut="inscrit", categorie="A")
    for corps in ("Un", "Deux"):
        envoyer_message(personne, acting_user=referent, corps=corps)
    champs = [f.attname for f in espace().model._meta.concrete_fields] + ANNOTATIONS_ESPACE

    attendu, obtenu = espace().get(user=personne.user), charger_espace(personne.user_id)
    assert type(obtenu) is type(attendu)
    assert {c: getattr(obtenu, c) for c in champs} == {c: getattr(attendu, c) for c in champs}
    assert obtenu.referent_prenom == "Jo" and obtenu.statut_inscription == "inscrit"
    assert obtenu.messages_non_lus == non_lus_par_la_personne(personne) == 2


def test_charger_espace_sans_liens_et_compte_sans_dossier():
    personne = PersonneFactory(avec_compte=True, organisme_referent=None)
    obtenu = charger_espace(personne.user_id)
    assert obtenu.pk == personne.pk
    assert obtenu.organisme_referent_nom is None and obtenu.referent_email is None
    assert obtenu.statut_inscription is None and obtenu.messages_non_lus == 0
    assert charger_espace(UserFactory().pk) is None


def test_une_requete_par_identifiant_attend_l_identifiant_une_seule_fois():
    deux_fois = ParIdentifiant(lambda: Personne.objects.filter(user_id=ParIdentifiant._MARQUEUR), "pk")
    with pytest.raises(ImproperlyConfigured):
        deux_fois(1)
    une_fois = ParIdentifiant(lambda: Personne.objects.filter(nom_naissance="X"), "pk")
    assert une_fois(1) is None
