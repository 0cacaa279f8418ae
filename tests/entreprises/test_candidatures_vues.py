"""Application screens: the employer's list and page (what they see, what they never see, the read
log, the 404s), the person's applications, applying and withdrawing, the network's pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats import actions as contrats_actions
from contrats.models import SocleDroitsDevoirs
from entreprises import candidatures
from entreprises.enums import MotifRefus, OrigineCandidature, StatutCandidature, StatutOffre
from entreprises.models import Candidature, HistoriqueCandidature
from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.messagerie.actions import envoyer_message
from francetravail.reseau.enums import Role
from tests.contrats.factories import orientation_notifiee, socle
from tests.diagnostic.factories import Scenario as ScenarioDiagnostic
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

SC = StatutCandidature
SECRETS = ("DETAIL-SANTE", "DETAIL-JUSTICE", "DETAIL-FINANCES", "ACTION-CONTRAT-SECRETE", "MESSAGE-SOCIAL-SECRET")


class Scenario:
    """Person P (account, full file: diagnostic with its sensitive parts, a submitted contract, a
    message from the référent) followed by A; company E, its admin, a published offer O; P applied to O.
    Q, followed by A too, never applied."""

    def __init__(self):
        d = ScenarioDiagnostic()
        d.remplir_sensibles()
        self.org, self.referent, self.personne = d.org, d.referent, d.personne
        self.personne.referent_unique = self.referent
        self.personne.save()
        orientation_notifiee(self.personne, organisme=self.org)
        if not SocleDroitsDevoirs.objects.filter(parcours="professionnel").exists():
            socle()
        contrat = contrats_actions.rediger(self.personne, acting_user=self.referent)
        contrats_actions.ajouter_action(
            contrat,
            acting_user=self.referent,
            type_action="formation",
            porteur="personne",
            description="ACTION-CONTRAT-SECRETE",
            debut=datetime.date.today(),
            heures_hebdo=Decimal(15),
        )
        envoyer_message(self.personne, acting_user=self.referent, corps="MESSAGE-SOCIAL-SECRET")
        f.profil(self.personne, codes_rome=("D1102",))
        self.entreprise = f.entreprise(nom="Boulangerie du Beffroi")
        self.employeur = f.employeur(self.entreprise)
        self.offre = f.offre(self.entreprise, titre="Boulanger de nuit")
        self.candidature = candidatures.candidater(self.offre, self.personne, self.personne.user, "Bonjour !")
        self.q = PersonneFactory(avec_compte=True, organisme_referent=self.org, nom_naissance="Jamaiscandidat")
        # Another company, its offer and an application to it from Q.
        self.autre_entreprise = f.entreprise(nom="Concurrent")
        self.autre_employeur = f.employeur(self.autre_entreprise)
        self.autre_offre = f.offre(self.autre_entreprise, titre="Vendeur")
        self.autre_candidature = candidatures.candidater(self.autre_offre, self.q, self.q.user, "")


@pytest.fixture
def s():
    return Scenario()


def get(client, user, url, status=200):
    client.force_login(user)
    reponse = client.get(url)
    assert reponse.status_code == status, (url, reponse.status_code)
    return reponse.content.decode() if status == 200 else reponse


def relire(c):
    return Candidature.objects.get(pk=c.pk)


# --- The employer -------------------------------------------------------------------------------


def test_la_liste_montre_identite_contact_metiers_et_commune(client, s):
    page = get(client, s.employeur, reverse("entreprises:offre_candidatures", kwargs={"pk": s.offre.pk}))
    assert s.personne.nom_complet in page
    assert s.personne.email in page
    assert "Boulanger / Boulangère" in page  # the target job (ROME D1102), by its label
    assert s.personne.commune.nom in page
    assert "Jamaiscandidat".upper() not in page


def test_la_liste_journalise_la_lecture_de_chaque_personne_listee(client, s):
    get(client, s.employeur, reverse("entreprises:offre_candidatures", kwargs={"pk": s.offre.pk}))
    lectures = JournalAcces.objects.filter(user=s.employeur)
    assert list(lectures.values_list("personne_id", "partie", "organisation_id")) == [
        (s.personne.pk, PartieDossier.CANDIDATURE, None)
    ]


def test_l_employeur_ne_voit_jamais_diagnostic_contrat_ni_message(client, s):
    liste = get(client, s.employeur, reverse("entreprises:offre_candidatures", kwargs={"pk": s.offre.pk}))
    detail = get(client, s.employeur, reverse("entreprises:candidature", kwargs={"pk": s.candidature.pk}))
    for secret in SECRETS:
        assert secret not in liste and secret not in detail
    assert "Bonjour !" in detail  # the person's own message to the employer is the one thing they wrote for them


@pytest.mark.parametrize(
    "nom",
    ["backoffice:fiche_personne", "backoffice:diagnostic", "backoffice:contrat", "backoffice:candidatures_personne"],
)
def test_l_employeur_n_ouvre_aucune_page_du_dossier(client, s, nom):
    get(client, s.employeur, reverse(nom, kwargs={"pk": s.personne.pk}), status=404)


def test_ouvrir_la_candidature_la_marque_vue_une_fois_et_journalise_chaque_lecture(client, s):
    url = reverse("entreprises:candidature", kwargs={"pk": s.candidature.pk})
    page = get(client, s.employeur, url)
    assert "Vue par l&#x27;employeur" in page
    assert relire(s.candidature).statut == SC.VUE
    get(client, s.employeur, url)
    assert HistoriqueCandidature.objects.filter(candidature=s.candidature, statut_apres=SC.VUE).count() == 1
    assert (
        JournalAcces.objects.filter(user=s.employeur, personne=s.personne, partie=PartieDossier.CANDIDATURE).count()
        == 2
    )


def test_les_identifiants_des_autres_sont_des_404(client, s):
    # Another company's offer and application, a person who never applied, unknown and absurd ids.
    client.force_login(s.employeur)
    for url in (
        reverse("entreprises:offre_candidatures", kwargs={"pk": s.autre_offre.pk}),
        reverse("entreprises:candidature", kwargs={"pk": s.autre_candidature.pk}),
        reverse("entreprises:candidature", kwargs={"pk": 10**12}),
        reverse("entreprises:candidature", kwargs={"pk": 2**63}),
        reverse("entreprises:offre_candidatures", kwargs={"pk": 0}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"etape": "accepter"}).status_code == 404, url
    assert relire(s.autre_candidature).statut == SC.ENVOYEE
    assert not JournalAcces.objects.filter(user=s.employeur).exists()


def test_un_membre_en_attente_ou_un_autre_compte_n_y_accede_pas(client, s):
    from entreprises.enums import StatutMembre

    en_attente = f.employeur(s.entreprise, statut=StatutMembre.EN_ATTENTE)
    url = reverse("entreprises:candidature", kwargs={"pk": s.candidature.pk})
    for user in (en_attente, s.referent, s.personne.user, s.autre_employeur):
        get(client, user, url, status=404)
    assert relire(s.candidature).statut == SC.ENVOYEE


def test_refus_autre_sans_precision_erreur_au_champ_et_saisie_gardee(client, s):
    client.force_login(s.employeur)
    url = reverse("entreprises:candidature", kwargs={"pk": s.candidature.pk})
    reponse = client.post(url, {"etape": "refuser", "refuser-motif": MotifRefus.AUTRE, "refuser-precision": ""})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Précisez le motif du refus." in page
    assert 'value="autre" selected' in page
    assert relire(s.candidature).statut != SC.REFUSEE


def test_l_employeur_refuse_retient_et_embauche_par_la_page(client, s):
    client.force_login(s.employeur)
    url = reverse("entreprises:candidature", kwargs={"pk": s.candidature.pk})
    assert client.post(url, {"etape": "accepter", "accepter-message": "Bienvenue"}).status_code == 302
    reponse = client.post(url, {"etape": "embaucher", "embaucher-date_embauche": "2001-01-01"})
    assert reponse.status_code == 200 and "ne peut précéder la candidature" in reponse.content.decode()
    aujourdhui = timezone.localdate().isoformat()
    assert client.post(url, {"etape": "embaucher", "embaucher-date_embauche": aujourdhui}).status_code == 302
    c = relire(s.candidature)
    assert c.statut == SC.EMBAUCHE and c.date_embauche == timezone.localdate()
    # Nothing more to do on a closed application: no step is offered, a forged one is refused.
    page = get(client, s.employeur, url)
    assert 'name="etape"' not in page
    client.post(url, {"etape": "refuser", "refuser-motif": MotifRefus.PROFIL})
    assert relire(s.candidature).statut == SC.EMBAUCHE


# --- The person ---------------------------------------------------------------------------------


def test_la_personne_voit_ses_candidatures_et_leurs_etapes(client, s):
    candidatures.proposer_entretien(s.candidature, acting_user=s.employeur, message="Jeudi 9 h")
    page = get(client, s.personne.user, reverse("emploi:candidatures"))
    assert "Boulanger de nuit" in page and "Jeudi 9 h" in page and "Entretien" in page
    assert "Vendeur" not in page


def test_postuler_depuis_la_page_de_l_offre(client, s):
    offre = f.offre(s.entreprise, titre="Pâtissier")
    page = get(client, s.q.user, reverse("emploi:offre", kwargs={"pk": offre.pk}))
    url = reverse("emploi:candidater", kwargs={"pk": offre.pk})
    assert f'action="{url}"' in page
    reponse = client.post(url, {"message": "Disponible tout de suite."})
    assert reponse.status_code == 302
    c = Candidature.objects.get(offre=offre, personne=s.q)
    assert (c.origine, c.message) == (OrigineCandidature.CANDIDATURE, "Disponible tout de suite.")
    # Back on the form: it says so, and a second post creates nothing.
    assert "Vous avez déjà candidaté" in get(client, s.q.user, url)
    client.post(url, {"message": "Encore"})
    assert Candidature.objects.filter(offre=offre, personne=s.q).count() == 1


def test_postuler_un_message_trop_long_garde_la_saisie(client, s):
    offre = f.offre(s.entreprise, titre="Pâtissier")
    client.force_login(s.q.user)
    reponse = client.post(reverse("emploi:candidater", kwargs={"pk": offre.pk}), {"message": "m" * 5001})
    assert reponse.status_code == 200
    assert "m" * 5001 in reponse.content.decode()
    assert not Candidature.objects.filter(offre=offre).exists()


@pytest.mark.parametrize("statut", [StatutOffre.BROUILLON, StatutOffre.POURVUE, StatutOffre.RETIREE])
def test_on_ne_postule_pas_a_une_offre_non_publiee(client, s, statut):
    offre = f.offre(s.entreprise, statut=statut)
    client.force_login(s.q.user)
    url = reverse("emploi:candidater", kwargs={"pk": offre.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": ""}).status_code == 404


def test_un_compte_sans_dossier_ne_postule_pas(client, s):
    client.force_login(UserFactory())
    assert client.get(reverse("emploi:candidater", kwargs={"pk": s.offre.pk})).status_code == 404
    assert "Votre dossier n’est pas encore créé" in get(client, UserFactory(), reverse("emploi:candidatures"))


def test_retirer_sa_candidature(client, s):
    url = reverse("emploi:candidature_retirer", kwargs={"pk": s.candidature.pk})
    get(client, s.personne.user, url)
    assert client.post(url, {"precision": "J'ai trouvé un autre emploi."}).status_code == 302
    c = relire(s.candidature)
    assert (c.statut, c.motif_refus, c.precision_refus) == (
        SC.REFUSEE,
        MotifRefus.CANDIDAT_DESISTE,
        "J'ai trouvé un autre emploi.",
    )
    # Closed: the page sends back to the list.
    assert client.get(url).status_code == 302


def test_on_ne_retire_pas_la_candidature_d_un_autre(client, s):
    url = reverse("emploi:candidature_retirer", kwargs={"pk": s.autre_candidature.pk})
    get(client, s.personne.user, url, status=404)
    assert client.post(url, {}).status_code == 404
    assert relire(s.autre_candidature).statut == SC.ENVOYEE


# --- The network --------------------------------------------------------------------------------


def test_le_referent_met_en_relation_depuis_la_page_dediee(client, s):
    offre = f.offre(s.entreprise, titre="Tourier")
    url = reverse("backoffice:mettre_en_relation", kwargs={"pk": offre.pk, "personne_pk": s.q.pk})
    page = get(client, s.referent, url)
    assert "Transmettre à l’employeur" in page
    reponse = client.post(url, {"message": "Très motivé."})
    c = Candidature.objects.get(offre=offre, personne=s.q)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("backoffice:candidature", kwargs={"pk": c.pk})
    assert c.mise_en_relation_par == s.referent


def test_mise_en_relation_refusee_d_une_personne_qui_s_est_retiree(client, s):
    f.profil(s.q, visible=False)
    offre = f.offre(s.entreprise, titre="Tourier")
    client.force_login(s.referent)
    url = reverse("backoffice:mettre_en_relation", kwargs={"pk": offre.pk, "personne_pk": s.q.pk})
    reponse = client.post(url, {"message": "Mon message"})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "ne pas être proposée aux employeurs" in page and "Mon message" in page
    assert not Candidature.objects.filter(offre=offre).exists()


def test_mise_en_relation_par_qui_ne_lit_pas_le_dossier_ou_sur_une_offre_non_publiee(client, s):
    ailleurs = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    url = reverse("backoffice:mettre_en_relation", kwargs={"pk": s.autre_offre.pk, "personne_pk": s.q.pk})
    get(client, ailleurs, url, status=404)
    assert client.post(url, {"message": ""}).status_code == 404
    brouillon = f.offre(s.entreprise, statut=StatutOffre.BROUILLON)
    url = reverse("backoffice:mettre_en_relation", kwargs={"pk": brouillon.pk, "personne_pk": s.q.pk})
    get(client, s.referent, url, status=404)


def test_la_candidature_cote_reseau_pour_le_referent_et_le_conseiller_qui_a_propose(client, s):
    url = reverse("backoffice:candidature", kwargs={"pk": s.candidature.pk})
    page = get(client, s.referent, url)
    assert "Boulanger de nuit" in page
    assert JournalAcces.objects.filter(user=s.referent, partie=PartieDossier.CANDIDATURE).exists()
    # A conseiller of another organisation who put the person forward keeps sight of that application.
    ailleurs = OrganisationFactory(departement_id="62")
    conseiller = professionnel(ailleurs, Role.CONSEILLER)
    offre = f.offre(s.entreprise, titre="Tourier")
    c = Candidature.objects.create(
        offre=offre, personne=s.personne, origine=OrigineCandidature.MISE_EN_RELATION, mise_en_relation_par=conseiller
    )
    get(client, conseiller, reverse("backoffice:candidature", kwargs={"pk": c.pk}))
    # …but not the person's other applications, nor their list.
    get(client, conseiller, url, status=404)
    get(client, conseiller, reverse("backoffice:candidatures_personne", kwargs={"pk": s.personne.pk}), status=404)


def test_les_candidatures_de_la_personne_cote_reseau(client, s):
    page = get(client, s.referent, reverse("backoffice:candidatures_personne", kwargs={"pk": s.personne.pk}))
    assert "Boulanger de nuit" in page and "Vendeur" not in page
    for user in (
        professionnel(s.org, Role.PILOTE),
        professionnel(OrganisationFactory(conseil_departemental=True), Role.DECIDEUR_DEPARTEMENTAL),
        s.employeur,
        s.personne.user,
    ):
        get(client, user, reverse("backoffice:candidatures_personne", kwargs={"pk": s.personne.pk}), status=404)
        get(client, user, reverse("backoffice:candidature", kwargs={"pk": s.candidature.pk}), status=404)


def test_le_bouton_mettre_en_relation_dans_la_liste_des_candidats(client, s):
    offre = f.offre(s.entreprise, titre="Tourier", code_rome="D1102")
    f.profil(s.q, codes_rome=("D1102",))
    offre.conseiller_recrutement = s.referent
    offre.save()
    page = get(client, s.referent, reverse("backoffice:offre_candidats", kwargs={"pk": offre.pk}))
    assert reverse("backoffice:mettre_en_relation", kwargs={"pk": offre.pk, "personne_pk": s.q.pk}) in page
