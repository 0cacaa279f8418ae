"""Immersions (PMSMP, entreprises.immersions): the request by the référent, the duration cap
(a dated parameter, tested on both sides), the three agreements, the convention's PDF (stable
bytes, stored with its SHA-256), the assessment at the end, the cancellation."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from entreprises import immersions
from entreprises.enums import StatutImmersion, StatutMembre, StatutOffre
from entreprises.models import Immersion
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.base.pdf import empreinte
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.enums import Role
from francetravail.rome.models import FicheRome
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

SI = StatutImmersion
AUJOURDHUI = datetime.date(2026, 3, 2)


class Scenario:
    """Person P (account) followed by A with référent R; host company E with an active admin."""

    def __init__(self):
        self.org = OrganisationFactory(departement_id="59", nom="Agence de Lille Centre")
        self.referent = professionnel(self.org, Role.CONSEILLER, first_name="Camille", last_name="Durand")
        self.personne = PersonneFactory(
            avec_compte=True, organisme_referent=self.org, referent_unique=self.referent, nom_naissance="Dupont"
        )
        self.entreprise = f.entreprise(nom="Boulangerie du Beffroi", adresse="3 place du Beffroi")
        self.employeur = f.employeur(self.entreprise, first_name="Alex", last_name="Martin")

    def demande(self, debut=AUJOURDHUI, jours=14, **kwargs):
        valeurs = {
            "acting_user": self.referent,
            "entreprise": self.entreprise,
            "fiche_rome": FicheRome.objects.get(pk="D1102"),
            "objectif": "confirmer",
            "objectifs_detail": "Pétrir, façonner, cuire. Évaluation par le tuteur à mi-parcours.",
            "tuteur_nom": "Jean Fournier, chef boulanger",
            "date_debut": debut,
            "date_fin": debut + datetime.timedelta(days=jours - 1),
            "horaires": "Du mardi au samedi, 5 h – 12 h",
            "aujourdhui": AUJOURDHUI,
            **kwargs,
        }
        return immersions.demander(self.personne, **valeurs)

    def validee(self, **kwargs):
        i = self.demande(**kwargs)
        immersions.accord_personne(i, acting_user=self.personne.user, aujourdhui=AUJOURDHUI)
        immersions.accord_entreprise(i, acting_user=self.employeur, aujourdhui=AUJOURDHUI)
        return immersions.accord_referent(i, acting_user=self.referent, aujourdhui=AUJOURDHUI)


@pytest.fixture
def s():
    return Scenario()


def relire(i):
    return Immersion.objects.get(pk=i.pk)


# --- The duration cap ---------------------------------------------------------------------------


def test_le_plafond_est_un_parametre_date_non_confirme():
    ligne = ParametreLegal.objects.get(cle=immersions.PARAMETRE_DUREE_MAX, departement__isnull=True)
    assert (ligne.valeur, ligne.unite, ligne.confirme) == (30, "jours", False)
    assert "L5135" in ligne.reference_legale


def test_trente_jours_passent_trente_et_un_sont_refuses(s):
    assert s.demande(jours=30).date_fin == AUJOURDHUI + datetime.timedelta(days=29)
    with pytest.raises(ValidationError) as e:
        s.demande(jours=31)
    assert "date_fin" in e.value.error_dict
    assert "au plus 30 jours" in e.value.messages[0] and "en compte 31" in e.value.messages[0]


def test_le_plafond_suit_la_valeur_en_vigueur_au_premier_jour(s):
    # A département's own value (e.g. a shorter first period) wins from its date of effect.
    ParametreLegal.objects.create(
        cle=immersions.PARAMETRE_DUREE_MAX,
        libelle="Durée maximale (essai départemental)",
        valeur=15,
        unite="jours",
        reference_legale="Test",
        valide_du=AUJOURDHUI + datetime.timedelta(days=10),
        departement_id="59",
    )
    assert s.demande(jours=30).pk  # starts before the département's value
    with pytest.raises(ValidationError, match="au plus 15 jours"):
        s.demande(debut=AUJOURDHUI + datetime.timedelta(days=10), jours=16)
    assert s.demande(debut=AUJOURDHUI + datetime.timedelta(days=10), jours=15).pk


def test_les_dates_impossibles(s):
    with pytest.raises(ValidationError) as e:
        s.demande(debut=AUJOURDHUI - datetime.timedelta(days=1))
    assert "date_debut" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        s.demande(jours=0)
    assert "date_fin" in e.value.error_dict
    assert s.demande(jours=1).date_fin == AUJOURDHUI


# --- The request ----------------------------------------------------------------------------------


def test_la_demande_est_faite_par_le_referent_et_previent_la_personne_et_l_entreprise(s):
    i = s.demande()
    assert (i.statut, i.organisation, i.referent, i.demandee_par) == (SI.DEMANDEE, s.org, s.referent, s.referent)
    assert AuditEvent.objects.get(event_type=TypeEvenement.IMMERSION_TRANSITION).data["etape"] == "demande"
    assert Notification.objects.filter(destinataire=s.personne.user, canal=Canal.EMAIL).exists()
    assert Notification.objects.filter(destinataire=s.personne.user, canal=Canal.IN_APP).exists()
    courriel = Notification.objects.get(destinataire=s.employeur)
    sujet, corps = rendre_courriel(courriel)
    assert "attend votre accord" in sujet
    for donnee in ("Dupont", s.personne.prenoms, s.personne.email):
        assert donnee not in sujet + corps


def test_seul_un_conseiller_de_l_organisme_referent_prescrit(s):
    from tests.factories import ImplicationFactory

    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    ImplicationFactory(personne=s.personne, organisation=cd, created_by=s.referent)
    for acteur in (
        professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER),
        professionnel(cd, Role.TRAVAILLEUR_SOCIAL),  # reads the file, does not prescribe
        professionnel(s.org, Role.PILOTE),
        s.employeur,
        s.personne.user,
    ):
        with pytest.raises(ValidationError, match="prescrire"):
            s.demande(acting_user=acteur)
    assert not Immersion.objects.exists()


def test_les_champs_obligatoires_au_champ(s):
    for champ in ("objectifs_detail", "tuteur_nom", "horaires"):
        with pytest.raises(ValidationError) as e:
            s.demande(**{champ: "   "})
        assert champ in e.value.error_dict


def test_l_offre_liee_doit_etre_une_offre_publiee_de_l_entreprise(s):
    autre = f.offre(f.entreprise(nom="Autre"))
    with pytest.raises(ValidationError, match="offre liée"):
        s.demande(offre=autre)
    with pytest.raises(ValidationError, match="offre liée"):
        s.demande(offre=f.offre(s.entreprise, statut=StatutOffre.BROUILLON))
    assert s.demande(offre=f.offre(s.entreprise)).offre_id


def test_une_demande_a_laquelle_personne_ne_pourrait_repondre_est_refusee(s):
    sans_compte = PersonneFactory(organisme_referent=s.org)
    with pytest.raises(ValidationError, match="pas de compte"):
        immersions.demander(
            sans_compte,
            acting_user=s.referent,
            entreprise=s.entreprise,
            fiche_rome=FicheRome.objects.get(pk="D1102"),
            objectif="decouvrir",
            objectifs_detail="Découvrir.",
            tuteur_nom="Tuteur",
            date_debut=AUJOURDHUI,
            date_fin=AUJOURDHUI,
            horaires="9 h – 17 h",
            aujourdhui=AUJOURDHUI,
        )
    sans_membre = f.entreprise(nom="Sans espace")
    f.employeur(sans_membre, statut=StatutMembre.EN_ATTENTE)
    with pytest.raises(ValidationError) as e:
        s.demande(entreprise=sans_membre)
    assert "siret" in e.value.error_dict
    assert not Immersion.objects.exists()


# --- The three agreements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ordre",
    [
        ("personne", "entreprise", "referent"),
        ("referent", "personne", "entreprise"),
        ("entreprise", "referent", "personne"),
    ],
)
def test_la_troisieme_signature_valide_quel_que_soit_l_ordre(
    s, ordre, django_capture_on_commit_callbacks, taches_immediates
):
    i = s.demande()
    acteurs = {"personne": s.personne.user, "entreprise": s.employeur, "referent": s.referent}
    with django_capture_on_commit_callbacks(execute=True):
        for n, partie in enumerate(ordre, start=1):
            i = getattr(immersions, f"accord_{partie}")(i, acting_user=acteurs[partie], aujourdhui=AUJOURDHUI)
            assert i.statut == (SI.VALIDEE if n == 3 else SI.DEMANDEE)
    i = relire(i)
    assert i.accord_entreprise_par == s.employeur and i.accord_referent_par == s.referent
    # The worker stored the convention with the hash of its bytes.
    assert i.convention and i.convention_empreinte
    with i.convention.open("rb") as fichier:
        assert empreinte(fichier.read()) == i.convention_empreinte
    assert (
        Notification.objects.filter(cle_idempotence__contains=":validee:").values("destinataire").distinct().count()
        == 3
    )


def test_chaque_partie_ne_donne_que_son_accord(s):
    i = s.demande()
    autre_employeur = f.employeur(f.entreprise(nom="Autre"))
    en_attente = f.employeur(s.entreprise, statut=StatutMembre.EN_ATTENTE)
    ailleurs = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    refus = {
        immersions.accord_personne: (s.referent, s.employeur, PersonneFactory(avec_compte=True).user),
        immersions.accord_entreprise: (s.personne.user, s.referent, autre_employeur, en_attente),
        immersions.accord_referent: (s.personne.user, s.employeur, ailleurs),
    }
    for action, acteurs in refus.items():
        for acteur in acteurs:
            with pytest.raises(ValidationError, match="Seul"):
                action(i, acting_user=acteur, aujourdhui=AUJOURDHUI)
    i = relire(i)
    assert (i.accord_personne_le, i.accord_entreprise_le, i.accord_referent_le) == (None, None, None)


def test_un_accord_ne_se_donne_qu_une_fois_et_avant_le_premier_jour(s):
    i = s.demande(debut=AUJOURDHUI + datetime.timedelta(days=1))
    immersions.accord_personne(i, acting_user=s.personne.user, aujourdhui=AUJOURDHUI)
    with pytest.raises(ValidationError, match="déjà été donné"):
        immersions.accord_personne(i, acting_user=s.personne.user, aujourdhui=AUJOURDHUI)
    # On the first day still possible; the day after, too late.
    immersions.accord_entreprise(i, acting_user=s.employeur, aujourdhui=AUJOURDHUI + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="se signe avant"):
        immersions.accord_referent(i, acting_user=s.referent, aujourdhui=AUJOURDHUI + datetime.timedelta(days=2))
    assert relire(i).statut == SI.DEMANDEE


def test_pas_d_accord_sur_une_immersion_annulee(s):
    i = s.demande()
    immersions.annuler(i, acting_user=s.employeur, motif="Fermeture pour travaux.")
    with pytest.raises(ValidationError, match="demande en attente"):
        immersions.accord_personne(i, acting_user=s.personne.user, aujourdhui=AUJOURDHUI)


# --- The convention's PDF --------------------------------------------------------------------------


def test_la_convention_est_identique_d_un_rendu_a_l_autre(s):
    i = s.validee()
    premier = immersions.rendre_convention(immersions._charger_pour_document(i.pk))
    second = immersions.rendre_convention(immersions._charger_pour_document(i.pk))
    assert premier == second
    assert empreinte(premier) == empreinte(second)


def test_la_convention_contient_les_parties_et_la_periode(s):
    i = s.validee()
    octets = immersions.rendre_convention(immersions._charger_pour_document(i.pk))
    lecteur = PdfReader(io.BytesIO(octets))
    texte = "\n".join(page.extract_text() for page in lecteur.pages)
    for attendu in (
        "Convention de période de mise en situation",
        "Dupont",
        "Boulangerie du Beffroi",
        s.entreprise.siret,
        "Agence de Lille Centre",
        "Jean Fournier, chef boulanger",
        "02/03/2026",
        "15/03/2026",
        "14 jours calendaires",
        "Du mardi au samedi",
        "n'est pas rémunéré",
    ):
        assert attendu in texte, attendu
    assert lecteur.metadata.title.startswith("Convention de mise en situation")


def test_la_convention_est_stockee_une_fois_et_pas_avant_les_trois_accords(s):
    i = s.demande()
    immersions.accord_personne(i, acting_user=s.personne.user, aujourdhui=AUJOURDHUI)
    assert not immersions.assurer_convention(i).convention
    i = s.validee()
    stockee = immersions.assurer_convention(i)
    nom, hash_ = stockee.convention.name, stockee.convention_empreinte
    again = immersions.assurer_convention(i)
    assert (again.convention.name, again.convention_empreinte) == (nom, hash_)
    assert AuditEvent.objects.filter(data__etape="convention_generee", data__immersion=i.pk).count() == 1


# --- The end --------------------------------------------------------------------------------------


def test_le_bilan_se_fait_a_partir_du_dernier_jour(s):
    i = s.validee(jours=5)
    fin = i.date_fin
    with pytest.raises(ValidationError, match="à partir du"):
        immersions.faire_bilan(i, acting_user=s.referent, bilan="Bien.", aujourdhui=fin - datetime.timedelta(days=1))
    i = immersions.faire_bilan(
        i, acting_user=s.referent, bilan="Objectifs atteints.", appreciation_tuteur="Très ponctuel.", aujourdhui=fin
    )
    i = relire(i)
    assert i.statut == SI.TERMINEE and i.bilan_par == s.referent
    assert i.bilan == "Objectifs atteints.\n\nAppréciation du tuteur :\nTrès ponctuel."


def test_le_bilan_est_celui_du_prescripteur_sur_une_convention_signee(s):
    i = s.demande(jours=1)
    with pytest.raises(ValidationError, match="convention est signée"):
        immersions.faire_bilan(i, acting_user=s.referent, bilan="x", aujourdhui=AUJOURDHUI)
    i = s.validee(jours=1)
    for acteur in (s.employeur, s.personne.user, professionnel(OrganisationFactory(), Role.CONSEILLER)):
        with pytest.raises(ValidationError, match="Seul un conseiller"):
            immersions.faire_bilan(i, acting_user=acteur, bilan="x", aujourdhui=AUJOURDHUI)
    with pytest.raises(ValidationError) as e:
        immersions.faire_bilan(i, acting_user=s.referent, bilan="", aujourdhui=AUJOURDHUI)
    assert "bilan" in e.value.error_dict


def test_chaque_partie_annule_avec_un_motif_et_previent_les_autres(s):
    for acteur in (s.personne.user, s.employeur, s.referent):
        i = s.demande()
        with pytest.raises(ValidationError) as e:
            immersions.annuler(i, acting_user=acteur, motif=" ")
        assert "motif" in e.value.error_dict
        i = immersions.annuler(i, acting_user=acteur, motif="Empêchement.")
        assert (relire(i).statut, relire(i).motif_annulation) == (SI.ANNULEE, "Empêchement.")
        prevenus = set(
            Notification.objects.filter(cle_idempotence__startswith=f"immersion:{i.pk}:annulee:").values_list(
                "destinataire_id", flat=True
            )
        )
        assert acteur.pk not in prevenus and len(prevenus) == 2


def test_personne_d_autre_n_annule_et_une_immersion_terminee_ne_s_annule_plus(s):
    i = s.demande()
    for acteur in (PersonneFactory(avec_compte=True).user, f.employeur(f.entreprise(nom="X")), professionnel()):
        with pytest.raises(ValidationError, match="trois parties"):
            immersions.annuler(i, acting_user=acteur, motif="x")
    i = s.validee(jours=1)
    immersions.faire_bilan(i, acting_user=s.referent, bilan="Fait.", aujourdhui=AUJOURDHUI)
    with pytest.raises(ValidationError, match="ne s'annule plus"):
        immersions.annuler(i, acting_user=s.referent, motif="Trop tard")


def test_une_convention_validee_s_annule_encore(s):
    i = s.validee()
    assert immersions.annuler(i, acting_user=s.employeur, motif="Tuteur absent.").statut == SI.ANNULEE


def test_la_date_du_jour_par_defaut_est_celle_de_paris(s):
    # No explicit day: the request uses timezone.localdate(), so a period starting today is accepted.
    i = immersions.demander(
        s.personne,
        acting_user=s.referent,
        entreprise=s.entreprise,
        fiche_rome=FicheRome.objects.get(pk="D1102"),
        objectif="decouvrir",
        objectifs_detail="Découvrir le métier.",
        tuteur_nom="Jean Fournier",
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate(),
        horaires="9 h – 17 h",
    )
    assert i.pk
