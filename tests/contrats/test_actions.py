"""Drafting, submitting, accepting and signing a contrat d'engagement: transitions, rules and permissions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contrats import acces, actions, regles
from contrats.enums import AmenagementDuree, MotifDispense, StatutAction, StatutContrat, TypeAction
from contrats.models import ContratEngagement, HistoriqueContrat, SocleDroitsDevoirs
from contrats.queries import scan_papier
from francetravail.parametres.lookup import parametre, valeur
from francetravail.reseau.enums import Role
from orientation.enums import Parcours
from tests import fichiers
from tests.ages import naissance_la_veille_de, naissance_pour_age
from tests.contrats.factories import Situation, orientation_notifiee, socle
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel


@pytest.fixture
def s():
    return Situation()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def scan(nom="contrat.pdf"):
    return fichiers.scan(nom)  # a readable file: the scan is opened (contrats/scan.py)


def relire(contrat):
    # The FSM field is protected: read a fresh instance rather than refresh_from_db().
    return ContratEngagement.objects.get(pk=contrat.pk)


def refuse(message_part, fonction, *args, **kwargs):
    with pytest.raises(ValidationError) as exc:
        fonction(*args, **kwargs)
    assert message_part in " ".join(exc.value.messages), exc.value.messages
    return exc.value


# --- Legal parameters -----------------------------------------------------------------------------


def test_les_chiffres_du_contrat_sont_des_parametres_dates_avec_leur_reference():
    jour = datetime.date(2026, 1, 1)
    assert valeur("contrat.heures_hebdo_minimum", le=jour) == 15
    assert valeur("contrat.delai_signature", le=jour) == 1
    assert valeur("contrat.delai_signature_reorientation", le=jour) == 1
    assert valeur("contrat.delai_ore", le=jour) == 6
    assert valeur("contrat.age_mention_jeunes", le=jour) == 26
    assert "D5411-14-2" in parametre("contrat.delai_signature_reorientation", le=jour).reference_legale
    assert "R5411-15-1" in parametre("contrat.delai_ore", le=jour).reference_legale
    assert "L5411-6" in parametre("contrat.heures_hebdo_minimum", le=jour).reference_legale


# --- Drafting ---------------------------------------------------------------------------------------


def test_rediger_depuis_l_orientation_notifiee(s):
    contrat = s.brouillon()
    assert contrat.statut == StatutContrat.BROUILLON
    assert contrat.orientation == s.orientation
    assert contrat.parcours == Parcours.PROFESSIONNEL
    assert contrat.organisme == s.organisme
    assert contrat.referent == s.referent
    notifiee = timezone.localdate(s.orientation.notifiee_le)
    assert contrat.echeance_signature == regles.ajouter_mois(notifiee, 1)
    assert list(contrat.historique.values_list("statut_apres", flat=True)) == ["brouillon"]
    # A second call (double click) returns the same draft.
    assert actions.rediger(s.personne, acting_user=s.referent) == contrat


def test_echeance_exactement_un_mois_puis_un_jour_de_plus():
    s = Situation(notifiee_le=timezone.make_aware(datetime.datetime(2026, 1, 15, 10, 0)))
    contrat = s.brouillon()
    assert contrat.echeance_signature == datetime.date(2026, 2, 15)
    assert not contrat.signature_en_retard(datetime.date(2026, 2, 15))
    assert contrat.signature_en_retard(datetime.date(2026, 2, 16))


def test_apres_une_reorientation_le_delai_court_de_la_nouvelle_notification(s):
    premiere = timezone.make_aware(datetime.datetime(2026, 2, 2, 9, 0))
    type(s.orientation).objects.filter(pk=s.orientation.pk).update(decidee_le=premiere, notifiee_le=premiere)
    nouvelle = orientation_notifiee(
        s.personne,
        parcours=Parcours.PROFESSIONNEL,
        notifiee_le=timezone.make_aware(datetime.datetime(2026, 3, 31, 9, 0)),
        reorientation_de=s.orientation,
    )
    contrat = s.brouillon()
    assert contrat.orientation == nouvelle
    assert contrat.echeance_signature == datetime.date(2026, 4, 30)


def test_rediger_refuse_sans_orientation_decidee():
    organisme = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=organisme)
    refuse("pas d'orientation décidée", actions.rediger, personne, acting_user=professionnel(organisme))


def test_rediger_refuse_avant_la_notification(s):
    s.orientation.__class__.objects.filter(pk=s.orientation.pk).update(notifiee_le=None)
    refuse("pas encore été notifiée", actions.rediger, s.personne, acting_user=s.referent)


def test_rediger_refuse_a_la_personne_et_a_une_autre_organisation(s):
    refuse(acces.REFUS_REFERENT, actions.rediger, s.personne, acting_user=s.personne.user)
    refuse(acces.REFUS_REFERENT, actions.rediger, s.personne, acting_user=professionnel())
    # Same organisation but no accompaniment role.
    refuse(acces.REFUS_REFERENT, actions.rediger, s.personne, acting_user=professionnel(s.organisme, Role.PILOTE))
    assert not ContratEngagement.objects.exists()


def test_mention_jeunes_selon_l_age_a_la_date_du_contrat():
    # ``replace(year=…)`` would fail on a 29 February: birth dates from the calendar helpers.
    jeune = Situation(date_naissance=naissance_la_veille_de(26))
    assert jeune.brouillon().mention_jeunes()
    adulte = Situation(date_naissance=naissance_pour_age(26))
    assert not adulte.brouillon().mention_jeunes()


# --- The plan ---------------------------------------------------------------------------------------


def test_ajouter_modifier_supprimer_une_action_du_brouillon(s):
    contrat = s.brouillon()
    action = s.ajouter(contrat, "10", type_action=TypeAction.IMMERSION, lien="https://exemple.fr/offre/42")
    action = actions.modifier_action(action, acting_user=s.referent, heures_hebdo=Decimal("12.5"))
    assert action.heures_hebdo == Decimal("12.5")
    actions.supprimer_action(action, acting_user=s.referent)
    assert not contrat.actions.exists()


def test_une_action_invalide_est_refusee(s):
    contrat = s.brouillon()
    refuse("supérieure ou égale à 0", s.ajouter, contrat, "-1")
    refuse("précéder son début", s.ajouter, contrat, "5", fin=timezone.localdate() - datetime.timedelta(days=1))
    refuse("n’est pas un choix valide", s.ajouter, contrat, "5", type_action="sieste")


def test_le_plan_ne_se_modifie_que_dans_le_brouillon(s):
    contrat = s.soumis()
    action = contrat.actions.get()
    refuse(actions.PAS_BROUILLON, s.ajouter, contrat, "5")
    refuse(actions.PAS_BROUILLON, actions.modifier_action, action, acting_user=s.referent, heures_hebdo=1)
    refuse(actions.PAS_BROUILLON, actions.supprimer_action, action, acting_user=s.referent)


def test_le_plan_est_refuse_a_une_autre_organisation_et_a_la_personne(s):
    contrat = s.brouillon()
    for intrus in (professionnel(), s.personne.user):
        refuse(acces.REFUS_REFERENT, actions.ajouter_action, contrat, acting_user=intrus, description="x")


# --- Weekly hours at submission -------------------------------------------------------------------


def test_soumettre_quatorze_heures_et_demie_refuse(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "10")
    s.ajouter(contrat, "4.5")
    refuse("14,5 heures", actions.soumettre, contrat, acting_user=s.referent)
    assert relire(contrat).statut == StatutContrat.BROUILLON
    assert not contrat.versions.exists()


def test_soumettre_quinze_heures_accepte(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "10")
    s.ajouter(contrat, "5")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    assert contrat.statut == StatutContrat.SOUMIS


def test_les_actions_abandonnees_ne_comptent_pas(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "10")
    s.ajouter(contrat, "5", statut=StatutAction.ABANDONNEE)
    refuse("10 heures", actions.soumettre, contrat, acting_user=s.referent)


def test_minoration_motivee_puis_soumise(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "6")
    refuse(
        "motif de la minoration",
        actions.amenager_duree,
        contrat,
        acting_user=s.referent,
        amenagement=AmenagementDuree.MINORATION,
        motif_minoration=" ",
    )
    actions.amenager_duree(
        contrat, acting_user=s.referent, amenagement=AmenagementDuree.MINORATION, motif_minoration="Soins en cours"
    )
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    assert contrat.statut == StatutContrat.SOUMIS
    assert contrat.derniere_version().contenu["duree_hebdo"]["motif_minoration"] == "Soins en cours"


def test_minoration_a_zero_refusee_a_la_soumission(s):
    contrat = s.brouillon()
    actions.amenager_duree(
        contrat, acting_user=s.referent, amenagement=AmenagementDuree.MINORATION, motif_minoration="Soins en cours"
    )
    refuse("ne peut pas être nulle", actions.soumettre, contrat, acting_user=s.referent)


@pytest.mark.parametrize("motif", MotifDispense.values)
def test_dispense_a_la_demande_de_la_personne_pour_chacun_des_motifs(s, motif):
    contrat = s.brouillon()
    # « Parent isolé » needs a child under 12 on file or recorded (tests/contrats/test_dispense_parent_isole.py).
    enfant = (
        {"enfant_naissance": naissance_la_veille_de(12), "justificatif_enfant": "Livret de famille vu ce jour"}
        if motif == MotifDispense.PARENT_ISOLE
        else {}
    )
    contrat = actions.amenager_duree(
        contrat,
        acting_user=s.referent,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=motif,
        demandee_par_personne=True,
        **enfant,
    )
    assert contrat.motif_dispense == motif
    assert contrat.dispense_demandee_le == timezone.localdate()
    contrat = actions.soumettre(contrat, acting_user=s.referent)  # 0 hour
    assert contrat.derniere_version().contenu["duree_hebdo"]["total_plan"] == "0"


def test_dispense_pour_un_autre_motif_ou_sans_demande_refusee(s):
    contrat = s.brouillon()
    refuse(
        "l'un des motifs prévus par la loi",
        actions.amenager_duree,
        contrat,
        acting_user=s.referent,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense="logement",
        demandee_par_personne=True,
    )
    refuse(
        "qu'à la demande de la personne",
        actions.amenager_duree,
        contrat,
        acting_user=s.referent,
        amenagement=AmenagementDuree.DISPENSE,
        motif_dispense=MotifDispense.HANDICAP,
        demandee_par_personne=False,
    )
    assert relire(contrat).amenagement_duree == AmenagementDuree.AUCUN


def test_soumettre_sans_socle_publie_refuse(s):
    SocleDroitsDevoirs.objects.all().delete()
    socle(Parcours.PROFESSIONNEL, version=1, publie_le=timezone.now() + datetime.timedelta(days=3))
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    refuse("Aucun socle de droits et devoirs", actions.soumettre, contrat, acting_user=s.referent)


def test_le_dernier_socle_publie_s_applique(s):
    socle(Parcours.PROFESSIONNEL, version=2, texte="Texte de la version 2.")
    socle(
        Parcours.PROFESSIONNEL, version=3, texte="Brouillon futur.", publie_le=timezone.now() + datetime.timedelta(1)
    )
    contenu = s.soumis().derniere_version().contenu
    assert contenu["socle"]["version"] == 2
    assert contenu["socle"]["droits_devoirs"] == "Texte de la version 2."
    assert contenu["socle"]["voies_recours"]


# --- Offre raisonnable d'emploi --------------------------------------------------------------------


def test_ore_fixee_dans_le_brouillon_et_figee_dans_la_version(s):
    contrat = s.brouillon()
    actions.fixer_ore(
        contrat, acting_user=s.referent, metiers=["n1101"], zone="Métropole lilloise", salaire_attendu=Decimal("1900")
    )
    s.ajouter(contrat, "15")
    contenu = actions.soumettre(contrat, acting_user=s.referent).derniere_version().contenu
    assert contenu["ore"]["metiers"] == ["N1101"]
    assert contenu["ore"]["salaire_attendu"] == "1900"


def test_pas_d_ore_sur_le_parcours_social():
    s = Situation(parcours=Parcours.SOCIAL)
    contrat = s.brouillon()
    refuse("parcours social", actions.fixer_ore, contrat, acting_user=s.referent, metiers=["N1101"], zone="Lille")


def test_alerte_ore_six_mois_apres_la_signature(s):
    contrat = s.signe()
    signe_le = timezone.localdate(contrat.signe_le)
    echeance = regles.ajouter_mois(signe_le, 6)
    assert not contrat.alerte_ore(echeance - datetime.timedelta(days=1))
    assert contrat.alerte_ore(echeance + datetime.timedelta(days=1))


def test_pas_d_alerte_ore_sur_le_parcours_social():
    s = Situation(parcours=Parcours.SOCIAL)
    contrat = s.signe()
    assert not contrat.alerte_ore(timezone.localdate() + datetime.timedelta(days=400))


# --- The state machine -----------------------------------------------------------------------------


def test_parcours_complet_en_ligne_et_empreinte_acceptee(s):
    contrat = s.soumis()
    version = contrat.derniere_version()
    assert version.numero == 1
    assert version.empreinte == regles.empreinte(version.contenu)
    contrat = actions.accepter(contrat, acting_user=s.personne.user, empreinte=version.empreinte)
    assert contrat.statut == StatutContrat.ACCEPTE
    assert contrat.accepte_le is not None
    assert contrat.version_acceptee == version
    assert contrat.empreinte_acceptee == version.empreinte
    contrat = actions.contresigner(contrat, acting_user=s.referent)
    assert contrat.statut == StatutContrat.SIGNE
    assert contrat.contresigne_par == s.referent
    assert contrat.signe_le is not None
    assert not contrat.signature_en_retard(contrat.echeance_signature + datetime.timedelta(days=30))
    assert list(HistoriqueContrat.objects.filter(contrat=contrat).values_list("statut_apres", flat=True)) == [
        "brouillon",
        "soumis",
        "accepte",
        "signe",
    ]


def test_accepter_une_version_perimee_refuse(s):
    contrat = s.soumis()
    refuse("modifié depuis votre lecture", actions.accepter, contrat, acting_user=s.personne.user, empreinte="0" * 64)


def test_demande_de_modification_puis_nouvelle_version(s):
    contrat = s.soumis()
    refuse(
        "Indiquez les modifications",
        actions.demander_modification,
        contrat,
        acting_user=s.personne.user,
        commentaire="",
    )
    contrat = actions.demander_modification(contrat, acting_user=s.personne.user, commentaire="Moins de trajets.")
    assert contrat.statut == StatutContrat.BROUILLON
    v1 = contrat.derniere_version()
    assert v1.commentaire_modification == "Moins de trajets."
    s.ajouter(contrat, "2", type_action=TypeAction.MOBILITE)
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    v2 = contrat.derniere_version()
    assert v2.numero == 2
    assert v2.empreinte != v1.empreinte
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    assert contrat.version_acceptee == v2
    assert contrat.empreinte_acceptee == v2.empreinte


def test_signature_papier_depuis_le_brouillon(s, media):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    refuse("Joignez le scan", actions.enregistrer_signature_papier, contrat, acting_user=s.referent, scan=None)
    refuse(
        "PDF, JPEG ou PNG",
        actions.enregistrer_signature_papier,
        contrat,
        acting_user=s.referent,
        scan=scan("contrat.exe"),
    )
    contrat = actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=scan())
    assert contrat.statut == StatutContrat.SIGNE
    document = scan_papier(contrat.version_en_vigueur)
    assert document.fichier.name.startswith("documents/")
    assert (document.nature, document.personne, document.depose_par) == ("signature_papier", s.personne, s.referent)
    version = contrat.derniere_version()
    assert version.numero == 1
    assert contrat.version_acceptee == version
    assert contrat.empreinte_acceptee == version.empreinte


def test_signature_papier_du_brouillon_verifie_les_heures(s, media):
    contrat = s.brouillon()
    s.ajouter(contrat, "14.5")
    refuse("14,5 heures", actions.enregistrer_signature_papier, contrat, acting_user=s.referent, scan=scan())


def test_signature_papier_depuis_soumis(s, media):
    contrat = s.soumis()
    contrat = actions.enregistrer_signature_papier(contrat, acting_user=s.referent, scan=scan("scan.jpg"))
    assert contrat.statut == StatutContrat.SIGNE
    assert contrat.versions.count() == 1


def test_signature_papier_refusee_une_fois_accepte_ou_signe(s, media):
    contrat = s.accepte()
    refuse("déjà accepté ou signé", actions.enregistrer_signature_papier, contrat, acting_user=s.referent, scan=scan())
    contrat = actions.contresigner(contrat, acting_user=s.referent)
    refuse("déjà accepté ou signé", actions.enregistrer_signature_papier, contrat, acting_user=s.referent, scan=scan())


def test_transitions_refusees_depuis_le_brouillon(s):
    contrat = s.brouillon()
    refuse("pas en attente de votre acceptation", actions.accepter, contrat, acting_user=s.personne.user)
    refuse("pas soumis", actions.demander_modification, contrat, acting_user=s.personne.user, commentaire="x")
    refuse("qu'une fois accepté", actions.contresigner, contrat, acting_user=s.referent)


def test_transitions_refusees_depuis_soumis(s):
    contrat = s.soumis()
    refuse("Seul un brouillon", actions.soumettre, contrat, acting_user=s.referent)
    refuse("qu'une fois accepté", actions.contresigner, contrat, acting_user=s.referent)


def test_transitions_refusees_depuis_accepte(s):
    contrat = s.accepte()
    refuse("Seul un brouillon", actions.soumettre, contrat, acting_user=s.referent)
    refuse("pas en attente de votre acceptation", actions.accepter, contrat, acting_user=s.personne.user)
    refuse("pas soumis", actions.demander_modification, contrat, acting_user=s.personne.user, commentaire="x")


def test_transitions_refusees_depuis_signe(s):
    contrat = s.signe()
    refuse("Seul un brouillon", actions.soumettre, contrat, acting_user=s.referent)
    refuse("pas en attente de votre acceptation", actions.accepter, contrat, acting_user=s.personne.user)
    refuse("pas soumis", actions.demander_modification, contrat, acting_user=s.personne.user, commentaire="x")
    refuse("qu'une fois accepté", actions.contresigner, contrat, acting_user=s.referent)
    assert relire(contrat).statut == StatutContrat.SIGNE


def test_le_statut_ne_s_ecrit_pas_directement(s):
    contrat = s.brouillon()
    with pytest.raises(AttributeError):
        contrat.statut = StatutContrat.SIGNE


# --- Permissions -----------------------------------------------------------------------------------


def test_le_referent_n_accepte_jamais_pour_la_personne(s):
    contrat = s.soumis()
    refuse(acces.REFUS_PERSONNE, actions.accepter, contrat, acting_user=s.referent)
    refuse(acces.REFUS_PERSONNE, actions.demander_modification, contrat, acting_user=s.referent, commentaire="x")


def test_une_autre_personne_ne_peut_ni_accepter_ni_demander_de_modification(s):
    contrat = s.soumis()
    autre = PersonneFactory(avec_compte=True, organisme_referent=s.organisme).user
    refuse(acces.REFUS_PERSONNE, actions.accepter, contrat, acting_user=autre)
    refuse(acces.REFUS_PERSONNE, actions.demander_modification, contrat, acting_user=autre, commentaire="x")
    refuse(acces.REFUS_PERSONNE, actions.accepter, contrat, acting_user=UserFactory())
    assert relire(contrat).statut == StatutContrat.SOUMIS


def test_un_professionnel_d_une_autre_organisation_ne_peut_rien(s, media):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    intrus = professionnel()
    refuse(acces.REFUS_REFERENT, actions.soumettre, contrat, acting_user=intrus)
    refuse(acces.REFUS_REFERENT, actions.enregistrer_signature_papier, contrat, acting_user=intrus, scan=scan())
    refuse(
        acces.REFUS_REFERENT,
        actions.amenager_duree,
        contrat,
        acting_user=intrus,
        amenagement=AmenagementDuree.MINORATION,
        motif_minoration="x",
    )
    refuse(acces.REFUS_REFERENT, actions.fixer_ore, contrat, acting_user=intrus, metiers=["N1101"], zone="x")
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    refuse(acces.REFUS_REFERENT, actions.contresigner, contrat, acting_user=intrus)
    refuse(acces.REFUS_PERSONNE, actions.accepter, contrat, acting_user=intrus)


def test_la_personne_ne_soumet_ni_ne_contresigne(s):
    contrat = s.brouillon()
    s.ajouter(contrat, "15")
    refuse(acces.REFUS_REFERENT, actions.soumettre, contrat, acting_user=s.personne.user)
    contrat = actions.soumettre(contrat, acting_user=s.referent)
    contrat = actions.accepter(contrat, acting_user=s.personne.user)
    refuse(acces.REFUS_REFERENT, actions.contresigner, contrat, acting_user=s.personne.user)


def test_un_collegue_de_l_organisme_referent_peut_contresigner(s):
    contrat = s.accepte()
    collegue = professionnel(s.organisme, Role.CONSEILLER)
    assert actions.contresigner(contrat, acting_user=collegue).contresigne_par == collegue
