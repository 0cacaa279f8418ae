"""The person page's loader gives the same person as the ORM queryset it is compiled from."""

from francetravail.personnes.queries import charger_fiche, fiche
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel

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
