"""Immersion screens: the request form from the person's file (errors at the field, input kept), each
party's page and agreement, the convention's PDF for the three parties only, the 404s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entreprises import immersions
from entreprises.enums import StatutImmersion
from entreprises.models import Immersion
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from francetravail.rome.models import FicheRome
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

SI = StatutImmersion


class Scenario:
    def __init__(self):
        self.org = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.org, Role.CONSEILLER)
        self.personne = PersonneFactory(avec_compte=True, organisme_referent=self.org, referent_unique=self.referent)
        self.entreprise = f.entreprise(nom="Boulangerie du Beffroi")
        self.employeur = f.employeur(self.entreprise)
        self.autre_employeur = f.employeur(f.entreprise(nom="Concurrent"))
        self.autre_personne = PersonneFactory(avec_compte=True, organisme_referent=self.org)

    def demande(self, jours=10):
        debut = timezone.localdate() + datetime.timedelta(days=3)
        return immersions.demander(
            self.personne,
            acting_user=self.referent,
            entreprise=self.entreprise,
            fiche_rome=FicheRome.objects.get(pk="D1102"),
            objectif="decouvrir",
            objectifs_detail="Découvrir la boulangerie.",
            tuteur_nom="Jean Fournier",
            date_debut=debut,
            date_fin=debut + datetime.timedelta(days=jours - 1),
            horaires="5 h – 12 h",
        )


@pytest.fixture
def s():
    return Scenario()


def formulaire(s, **valeurs):
    debut = timezone.localdate() + datetime.timedelta(days=7)
    return {
        "siret": s.entreprise.siret,
        "fiche_rome": "d1102",
        "objectif": "confirmer",
        "objectifs_detail": "Confirmer le projet de boulanger.",
        "tuteur_nom": "Jean Fournier",
        "tuteur_email": "jean@exemple.fr",
        "date_debut": debut.isoformat(),
        "date_fin": (debut + datetime.timedelta(days=29)).isoformat(),
        "horaires": "Du mardi au samedi, 5 h – 12 h",
        **valeurs,
    }


def test_le_referent_demande_une_immersion_depuis_la_fiche(client, s):
    client.force_login(s.referent)
    url = reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk})
    page = client.get(url).content.decode()
    assert "au plus 30 jours" in page
    reponse = client.post(url, formulaire(s))
    i = Immersion.objects.get(personne=s.personne)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("backoffice:immersion", kwargs={"pk": i.pk})
    assert (i.entreprise, i.fiche_rome_id, i.tuteur_email) == (s.entreprise, "D1102", "jean@exemple.fr")


@pytest.mark.parametrize("metier", ["Boulanger / Boulangère (D1102)", "boulangère"])
def test_le_metier_decouvert_se_nomme_par_son_intitule(client, s, metier):
    client.force_login(s.referent)
    url = reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk})
    assert f'data-autocompletion-url="{reverse("rome:appellations")}"' in client.get(url).content.decode()
    assert client.post(url, formulaire(s, fiche_rome=metier)).status_code == 302
    assert Immersion.objects.get(personne=s.personne).fiche_rome_id == "D1102"


@pytest.mark.parametrize(
    ("valeurs", "message"),
    [
        ({"siret": "12345678901234"}, "Aucune entreprise inscrite"),
        ({"siret": "123"}, "14 chiffres"),
        ({"fiche_rome": "Z9"}, "Aucun métier ne s&#x27;appelle « Z9 »"),
        ({"fiche_rome": "A0000"}, "Code ROME inconnu du référentiel : A0000"),
        ({"fiche_rome": "Agent"}, "Plusieurs métiers correspondent à « Agent »"),
        ({"tuteur_nom": ""}, "Ce champ est obligatoire"),
    ],
)
def test_les_erreurs_sont_au_champ_et_la_saisie_gardee(client, s, valeurs, message):
    client.force_login(s.referent)
    reponse = client.post(
        reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk}), formulaire(s, **valeurs)
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200 and message in page
    assert "Confirmer le projet de boulanger." in page
    assert not Immersion.objects.exists()


def test_trente_et_un_jours_refuses_au_champ_de_fin(client, s):
    client.force_login(s.referent)
    debut = timezone.localdate() + datetime.timedelta(days=7)
    donnees = formulaire(s, date_fin=(debut + datetime.timedelta(days=30)).isoformat())
    reponse = client.post(reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk}), donnees)
    page = reponse.content.decode()
    assert "en compte 31" in page and 'id="id_date_fin_error"' in page
    assert not Immersion.objects.exists()


def test_depuis_une_offre_l_entreprise_et_le_metier_sont_pre_remplis(client, s):
    offre = f.offre(s.entreprise, code_rome="D1102")
    client.force_login(s.referent)
    url = reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk}) + f"?offre={offre.pk}"
    page = client.get(url).content.decode()
    assert s.entreprise.siret in page and 'value="Boulanger / Boulangère (D1102)"' in page  # label and code
    client.post(url, formulaire(s, offre=offre.pk))
    assert Immersion.objects.get(personne=s.personne).offre == offre


def test_qui_ne_prescrit_pas_n_ouvre_pas_le_formulaire(client, s):
    from tests.factories import ImplicationFactory

    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    ImplicationFactory(personne=s.personne, organisation=cd, created_by=s.referent)
    url = reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk})
    for user in (
        professionnel(cd, Role.TRAVAILLEUR_SOCIAL),
        professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER),
        professionnel(s.org, Role.PILOTE),
        s.employeur,
        s.personne.user,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, formulaire(s)).status_code == 404
    assert not Immersion.objects.exists()


def test_les_trois_parties_signent_par_leurs_pages_et_lisent_la_convention(client, s):
    i = s.demande()
    pages = [
        (s.personne.user, "emploi:immersion", "emploi:immersion_convention"),
        (s.employeur, "entreprises:immersion", "entreprises:immersion_convention"),
        (s.referent, "backoffice:immersion", "backoffice:immersion_convention"),
    ]
    for user, page, convention in pages:
        client.force_login(user)
        url = reverse(page, kwargs={"pk": i.pk})
        assert "Donner mon accord" in client.get(url).content.decode()
        assert client.get(reverse(convention, kwargs={"pk": i.pk})).status_code == 404  # not yet concluded
        reponse = client.post(url, {"etape": "accord"})
        assert reponse.status_code == 200 and "Cochez la case" in reponse.content.decode()
        assert client.post(url, {"etape": "accord", "accord-confirme": "on"}).status_code == 302
    assert Immersion.objects.get(pk=i.pk).statut == SI.VALIDEE
    for user, _page, convention in pages:
        client.force_login(user)
        reponse = client.get(reverse(convention, kwargs={"pk": i.pk}))
        assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
        assert reponse.content.startswith(b"%PDF")


def test_la_page_employeur_journalise_la_lecture(client, s):
    i = s.demande()
    client.force_login(s.employeur)
    client.get(reverse("entreprises:immersion", kwargs={"pk": i.pk}))
    assert JournalAcces.objects.filter(
        user=s.employeur, personne=s.personne, partie=PartieDossier.IMMERSION, organisation__isnull=True
    ).exists()


def test_les_autres_n_ouvrent_rien(client, s):
    i = s.demande()
    refus = {
        s.autre_employeur: ("entreprises:immersion", "entreprises:immersion_convention"),
        s.autre_personne.user: ("emploi:immersion", "emploi:immersion_convention"),
        professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER): (
            "backoffice:immersion",
            "backoffice:immersion_convention",
        ),
    }
    for user, noms in refus.items():
        client.force_login(user)
        for nom in noms:
            assert client.get(reverse(nom, kwargs={"pk": i.pk})).status_code == 404
        assert (
            client.post(reverse(noms[0], kwargs={"pk": i.pk}), {"etape": "annuler", "annuler-motif": "x"}).status_code
            == 404
        )
    assert Immersion.objects.get(pk=i.pk).statut == SI.DEMANDEE
    assert not JournalAcces.objects.filter(user=s.autre_employeur).exists()


def test_les_listes_de_chaque_partie(client, s):
    i = s.demande()
    client.force_login(s.employeur)
    assert (
        reverse("entreprises:immersion", kwargs={"pk": i.pk})
        in client.get(reverse("entreprises:immersions")).content.decode()
    )
    client.force_login(s.autre_employeur)
    assert "Aucune immersion" in client.get(reverse("entreprises:immersions")).content.decode()
    client.force_login(s.personne.user)
    page = client.get(reverse("emploi:immersions")).content.decode()
    assert reverse("emploi:immersion", kwargs={"pk": i.pk}) in page and "Votre accord est attendu" in page
    client.force_login(s.autre_personne.user)
    assert "Aucune immersion" in client.get(reverse("emploi:immersions")).content.decode()
    client.force_login(s.referent)
    assert s.personne.nom_complet in client.get(reverse("backoffice:immersions")).content.decode()
    client.force_login(professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER))
    assert "Aucune immersion" in client.get(reverse("backoffice:immersions")).content.decode()


def test_bilan_et_annulation_par_la_page(client, s):
    i = s.demande()
    client.force_login(s.employeur)
    url = reverse("entreprises:immersion", kwargs={"pk": i.pk})
    reponse = client.post(url, {"etape": "annuler", "annuler-motif": ""})
    assert "Indiquez le motif de l&#x27;annulation." in reponse.content.decode()
    assert client.post(url, {"etape": "annuler", "annuler-motif": "Fermeture."}).status_code == 302
    assert Immersion.objects.get(pk=i.pk).statut == SI.ANNULEE
    # The referent cannot write an assessment on a cancelled immersion: no such step, a forged one is refused.
    client.force_login(s.referent)
    url = reverse("backoffice:immersion", kwargs={"pk": i.pk})
    assert 'value="bilan"' not in client.get(url).content.decode()
    client.post(url, {"etape": "bilan", "bilan-bilan": "x"})
    assert Immersion.objects.get(pk=i.pk).statut == SI.ANNULEE


def test_proposer_une_immersion_n_est_montre_que_la_ou_la_demande_s_ouvre(client, s):
    """A link to the request form is shown only to whom the form (and the action) lets in: no dead button."""
    from tests.factories import ImplicationFactory

    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    ImplicationFactory(personne=s.personne, organisation=cd, created_by=s.referent)
    cible = reverse("backoffice:immersion_nouvelle", kwargs={"pk": s.personne.pk})
    pages = (
        reverse("backoffice:fiche_personne", kwargs={"pk": s.personne.pk}),
        reverse("backoffice:candidatures_personne", kwargs={"pk": s.personne.pk}),
    )
    relatif = 'href="immersions/nouvelle/"'
    for user, prescrit in ((s.referent, True), (professionnel(cd, Role.TRAVAILLEUR_SOCIAL), False)):
        client.force_login(user)
        for page in pages:
            reponse = client.get(page)
            assert reponse.status_code == 200, (user, page)
            contenu = reponse.content.decode()
            montre = f'href="{cible}"' in contenu or relatif in contenu
            assert montre is prescrit, (user, page)
        assert (client.get(cible).status_code == 200) is prescrit
        assert (client.post(cible, formulaire(s)).status_code in (200, 302)) is prescrit
    assert Immersion.objects.filter(personne=s.personne).count() == 1
