"""Issue 15, item 2: the portfolio's "Premier rendez-vous" column and filter, and the pilotes'
indicators, count from the notified orientation, in calendar days, with the département's
delay; a first appointment fixed past the limit with a reason is counted late."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.parametres.models import ParametreLegal
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions, regles
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from orientation import premier_rdv
from tests.contrats.factories import orientation_notifiee
from tests.factories import PersonneFactory, commune, professionnel
from tests.rendezvous.factories import CreneauFactory, dans

URL = reverse("backoffice:personnes")


def _notifiee(personne, il_y_a, heure=9):
    jour = timezone.localdate() - timedelta(days=il_y_a)
    return orientation_notifiee(
        personne,
        organisme=personne.organisme_referent,
        notifiee_le=timezone.make_aware(datetime(*jour.timetuple()[:3], heure)),
    )


@pytest.fixture
def cas(org, agenda, conseiller):
    """One person per situation, named after it."""

    def personne(nom, **kwargs):
        return PersonneFactory(avec_compte=True, organisme_referent=org, nom_naissance=nom, **kwargs)

    c = {nom: personne(nom) for nom in ("Jourquinze", "Jourseize", "Pristemps", "Horsdelai", "Nonorientee")}
    _notifiee(c["Jourquinze"], 15)  # today is day 15: not late yet
    _notifiee(c["Jourseize"], 16)  # today is day 16: late
    _notifiee(c["Pristemps"], 5)
    actions.reserver(c["Pristemps"], CreneauFactory(agenda=agenda, debut=dans(10, heure=18)), acting_user=conseiller)
    _notifiee(c["Horsdelai"], 5)
    actions.reserver(
        c["Horsdelai"],
        CreneauFactory(agenda=agenda, debut=dans(11, heure=8)),
        acting_user=conseiller,
        derogation="La personne est en formation jusqu'au 16e jour",
    )
    return c


def _noms(page):
    return {nom for nom in ("Jourquinze", "Jourseize", "Pristemps", "Horsdelai", "Nonorientee") if nom.upper() in page}


def test_le_filtre_en_retard_compte_la_derogation_et_les_jours_calendaires(client, cas, conseiller):
    client.force_login(conseiller)
    assert _noms(client.get(URL).content.decode()) == set(cas)
    filtree = client.get(URL, {"en_retard": "on"}).content.decode()
    assert _noms(filtree) == {"Jourseize", "Horsdelai"}


def test_la_cellule_dit_ou_en_est_le_premier_rendez_vous(cas):
    lignes = {
        p.nom_naissance: p for p in premier_rdv.annoter(Personne.objects.filter(pk__in=[p.pk for p in cas.values()]))
    }
    from orientation.portefeuille import _texte_premier_rdv

    aujourdhui = timezone.localdate()
    assert _texte_premier_rdv(lignes["Nonorientee"]) == "Après l'orientation"
    assert _texte_premier_rdv(lignes["Jourquinze"]) == f"À prendre au plus tard le {aujourdhui:%d/%m/%Y}"
    assert _texte_premier_rdv(lignes["Pristemps"]) == f"Le {aujourdhui + timedelta(days=10):%d/%m/%Y}"
    assert _texte_premier_rdv(lignes["Horsdelai"]) == (
        f"Le {aujourdhui + timedelta(days=11):%d/%m/%Y}, hors délai "
        f"(limite le {aujourdhui + timedelta(days=10):%d/%m/%Y}, motif enregistré)"
    )
    en_retard = {nom for nom, p in lignes.items() if premier_rdv.est_en_retard(p)}
    assert en_retard == {"Jourseize", "Horsdelai"}


@pytest.mark.parametrize(("il_y_a", "en_retard"), [(10, False), (11, True)])
def test_le_portefeuille_lit_le_delai_du_departement(client, org, conseiller, il_y_a, en_retard):
    national = ParametreLegal.objects.get(cle=regles.PARAMETRE, departement__isnull=True)
    ParametreLegal.objects.create(
        cle=national.cle,
        libelle=national.libelle,
        valeur=10,
        unite=national.unite,
        reference_legale="Délibération de test",
        valide_du=national.valide_du,
        departement_id="59",
    )
    nord = PersonneFactory(organisme_referent=org, nom_naissance="Nordiste")
    pas_de_calais = PersonneFactory(organisme_referent=org, nom_naissance="Artesien", commune=commune("62041"))
    assert (nord.departement_id, pas_de_calais.departement_id) == ("59", "62")
    _notifiee(nord, il_y_a)
    _notifiee(pas_de_calais, il_y_a)
    client.force_login(conseiller)
    filtree = client.get(URL, {"en_retard": "on"}).content.decode()
    assert ("NORDISTE" in filtree) is en_retard
    assert "ARTESIEN" not in filtree  # the national 15 days


@pytest.mark.parametrize("n", [2, 12])
def test_le_portefeuille_a_un_nombre_de_requetes_constant_avec_des_orientations(
    client, org, agenda, conseiller, django_assert_max_num_queries, n
):
    for i in range(n):
        p = PersonneFactory(avec_compte=True, organisme_referent=org)
        _notifiee(p, 3 + i)
        if i % 2:
            actions.reserver(
                p, CreneauFactory(agenda=agenda, debut=dans(20 + i)), acting_user=conseiller, derogation="Motif"
            )
    client.force_login(conseiller)
    client.get(URL)
    for params in ({}, {"en_retard": "on"}):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, params).status_code == 200
        # The same count for 2 and 12 people (django_assert_max_num_queries fails above it); 11 with the
        # cadences of points d'étape read once (francetravail/accompagnement).
        with django_assert_max_num_queries(11):
            client.get(URL, params)
        assert len(ctx) <= 11


def test_les_indicateurs_comptent_le_hors_delai_motive_en_retard(client, cas, org):
    (ligne,) = premier_rdv.indicateurs(Organisation.objects.filter(pk=org.pk))
    assert (
        ligne.dans_le_delai,
        ligne.hors_delai,
        ligne.hors_delai_motive,
        ligne.sans_rendez_vous_en_retard,
        ligne.a_venir,
        ligne.en_retard,
    ) == (1, 1, 1, 1, 1, 2)
    client.force_login(professionnel(org, Role.PILOTE))
    page = client.get(reverse("backoffice:indicateurs_contrats")).content.decode()
    assert "Premier rendez-vous d’accompagnement" in page
    assert "Dont avec motif enregistré" in page


def test_les_indicateurs_suivent_l_orientation_en_cours(org, agenda, conseiller):
    """A person re-oriented elsewhere counts for the new organisme, from the new notification."""
    from tests.factories import OrganisationFactory

    autre = OrganisationFactory(departement_id="59")
    p = PersonneFactory(organisme_referent=org)
    _notifiee(p, 30)
    orientation_notifiee(p, organisme=autre, notifiee_le=timezone.now() - timedelta(minutes=1))
    lignes = {ligne.organisation.pk: ligne for ligne in premier_rdv.indicateurs(Organisation.objects.all())}
    assert lignes[org.pk].en_retard == 0
    assert (lignes[autre.pk].a_venir, lignes[autre.pk].en_retard) == (1, 0)
