"""The référents' actions: designation one by one, in bulk, by rule, change with a reason, portfolio transfer."""

import pytest
from django.core.exceptions import ValidationError

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.referents import actions, regles
from francetravail.referents.enums import CritereAttribution, NatureDesignation
from francetravail.referents.models import AffectationCommune, HistoriqueReferent, RegleAttribution
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.referents.conftest import oriente

pytestmark = pytest.mark.django_db


def _referents(personnes):
    return dict(Personne.objects.filter(pk__in=[p.pk for p in personnes]).values_list("pk", "referent_unique_id"))


def test_designer_pose_le_referent_l_historique_l_audit_et_previent_la_personne(agence, responsable, conseillers):
    personne = oriente(agence)
    ligne = actions.designer(personne, conseillers[0], acting_user=responsable)
    personne.refresh_from_db()
    assert personne.referent_unique == conseillers[0]
    assert (ligne.ancien_id, ligne.nouveau, ligne.user, ligne.nature) == (
        None,
        conseillers[0],
        responsable,
        NatureDesignation.DESIGNATION,
    )
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.REFERENT_DESIGNE)
    assert evenement.personne_id == personne.pk and evenement.organisation_id == agence.pk
    notes = Notification.objects.filter(destinataire=personne.user).order_by("canal")
    assert {n.canal for n in notes} == {Canal.EMAIL, Canal.IN_APP}
    contexte = notes[0].contexte
    assert contexte["referent"] == "Alice Arnaud"
    assert contexte["organisation"] == "Agence de Lille-Centre"
    assert contexte["email_referent"] == conseillers[0].email and contexte["telephone_referent"] == "0320000000"


def test_un_conseiller_se_designe_lui_meme(agence, conseillers):
    personne = oriente(agence)
    actions.designer(personne, conseillers[1], acting_user=conseillers[1])
    assert _referents([personne]) == {personne.pk: conseillers[1].pk}


@pytest.mark.parametrize("role", [Role.PILOTE, Role.DELEGUE_SANCTIONS, Role.ADMIN_ORGANISATION])
def test_seul_un_conseiller_actif_de_l_organisme_peut_etre_designe(agence, responsable, role):
    personne = oriente(agence)
    pas_conseiller = professionnel(agence, role=role, first_name="Paul", last_name="Pilote")
    with pytest.raises(ValidationError, match="Paul Pilote ne peut pas être désigné référent unique"):
        actions.designer(personne, pas_conseiller, acting_user=responsable)
    assert _referents([personne]) == {personne.pk: None}
    assert not HistoriqueReferent.objects.exists()


def test_un_conseiller_d_une_autre_organisation_ou_retire_ne_peut_pas_etre_designe(agence, autre_agence, responsable):
    personne = oriente(agence)
    ailleurs = professionnel(autre_agence)
    retire = professionnel(agence)
    retire.memberships.update(actif=False)
    for referent in (ailleurs, retire):
        with pytest.raises(ValidationError, match="rattaché à l'organisme référent"):
            actions.designer(personne, referent, acting_user=responsable)
    assert _referents([personne]) == {personne.pk: None}


def test_personne_d_autre_ne_designe(agence, autre_agence, conseillers):
    personne = oriente(agence)
    cd = OrganisationFactory(conseil_departemental=True)
    refuses = [
        professionnel(autre_agence),
        professionnel(autre_agence, role=Role.RESPONSABLE_EQUIPE),
        professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL),
        professionnel(cd, role=Role.TRAVAILLEUR_SOCIAL),
        professionnel(agence, role=Role.PILOTE),
    ]
    for user in refuses:
        with pytest.raises(ValidationError):
            actions.designer(personne, conseillers[0], acting_user=user)
    assert _referents([personne]) == {personne.pk: None}
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.REFERENT_DESIGNE).exists()


def test_designer_une_personne_deja_attribuee_demande_un_changement(agence, responsable, conseillers):
    personne = oriente(agence)
    actions.designer(personne, conseillers[0], acting_user=responsable)
    with pytest.raises(ValidationError, match="déjà un référent unique"):
        actions.designer(personne, conseillers[1], acting_user=responsable)
    assert _referents([personne]) == {personne.pk: conseillers[0].pk}


def test_en_masse_borne_des_deux_cotes(agence, responsable, conseillers, monkeypatch):
    monkeypatch.setattr(actions, "MAX_LOT", 3)
    personnes = [oriente(agence) for _ in range(4)]
    with pytest.raises(ValidationError, match="au plus 3 personnes"):
        actions.designer_en_masse(agence, [p.pk for p in personnes], conseillers[0], acting_user=responsable)
    assert set(_referents(personnes).values()) == {None}
    rapport = actions.designer_en_masse(agence, [p.pk for p in personnes[:3]], conseillers[0], acting_user=responsable)
    assert len(rapport.designees) == 3
    assert _referents(personnes) == {**{p.pk: conseillers[0].pk for p in personnes[:3]}, personnes[3].pk: None}


def test_en_masse_laisse_les_personnes_d_une_autre_organisation(agence, autre_agence, responsable, conseillers):
    a_moi, pas_a_moi = oriente(agence), oriente(autre_agence)
    rapport = actions.designer_en_masse(agence, [a_moi.pk, pas_a_moi.pk], conseillers[0], acting_user=responsable)
    assert rapport.non_placees == 1
    assert _referents([a_moi, pas_a_moi]) == {a_moi.pk: conseillers[0].pk, pas_a_moi.pk: None}


def _charger(conseiller, agence, nombre):
    for _ in range(nombre):
        PersonneFactory(organisme_referent=agence, referent_unique=conseiller)


def test_regle_du_moins_charge_equilibre_les_portefeuilles(agence, responsable, conseillers):
    _charger(conseillers[1], agence, 2)
    _charger(conseillers[2], agence, 5)
    for _ in range(6):
        oriente(agence)
    actions.enregistrer_regle(
        agence, critere=CritereAttribution.MOINS_CHARGE, repli_moins_charge=False, acting_user=responsable
    )
    rapport = actions.appliquer_regle(agence, acting_user=responsable)
    assert len(rapport.designees) == 6 and rapport.restantes == 0
    charges = {c.pk: Personne.objects.filter(referent_unique=c).count() for c in conseillers}
    # 0+6, 2, 5 → 4, 4, 5: the least loaded ones filled up to the others.
    assert sorted(charges.values()) == [4, 4, 5]
    assert HistoriqueReferent.objects.filter(nature=NatureDesignation.REGLE).count() == 6


def test_regle_par_commune_avec_et_sans_repli(agence, responsable, conseillers):
    lille = oriente(agence, code_commune="59350")
    roubaix = oriente(agence, code_commune="59512")
    regle = actions.enregistrer_regle(
        agence, critere=CritereAttribution.PAR_COMMUNE, repli_moins_charge=False, acting_user=responsable
    )
    AffectationCommune.objects.create(regle=regle, commune_id="59350", conseiller=conseillers[2])
    rapport = actions.appliquer_regle(agence, acting_user=responsable)
    assert (len(rapport.designees), rapport.non_placees, rapport.restantes) == (1, 1, 1)
    assert _referents([lille, roubaix]) == {lille.pk: conseillers[2].pk, roubaix.pk: None}
    actions.enregistrer_regle(
        agence, critere=CritereAttribution.PAR_COMMUNE, repli_moins_charge=True, acting_user=responsable
    )
    rapport = actions.appliquer_regle(agence, acting_user=responsable)
    assert len(rapport.designees) == 1 and rapport.restantes == 0
    assert _referents([roubaix])[roubaix.pk] in {conseillers[0].pk, conseillers[1].pk}


def test_la_regle_est_bornee_par_lot(agence, responsable, conseillers, monkeypatch):
    monkeypatch.setattr(actions, "MAX_LOT", 2)
    for _ in range(3):
        oriente(agence)
    actions.enregistrer_regle(agence, critere="moins_charge", repli_moins_charge=False, acting_user=responsable)
    rapport = actions.appliquer_regle(agence, acting_user=responsable)
    assert (len(rapport.designees), rapport.restantes) == (2, 1)
    rapport = actions.appliquer_regle(agence, acting_user=responsable)
    assert (len(rapport.designees), rapport.restantes) == (1, 0)


def test_la_regle_et_le_transfert_sont_reserves_au_responsable(agence, responsable, conseillers):
    personne = oriente(agence)
    actions.enregistrer_regle(agence, critere="moins_charge", repli_moins_charge=False, acting_user=responsable)
    with pytest.raises(ValidationError, match="responsable d'équipe"):
        actions.appliquer_regle(agence, acting_user=conseillers[0])
    with pytest.raises(ValidationError, match="responsable d'équipe"):
        actions.enregistrer_regle(agence, critere="par_commune", repli_moins_charge=False, acting_user=conseillers[0])
    with pytest.raises(ValidationError, match="responsable d'équipe"):
        actions.transferer_portefeuille(
            agence, conseillers[0], [conseillers[1]], acting_user=conseillers[0], motif="Départ", repartition="egale"
        )
    assert _referents([personne]) == {personne.pk: None}
    assert RegleAttribution.objects.get(organisation=agence).critere == "moins_charge"


def test_appliquer_sans_regle_est_refuse(agence, responsable, conseillers):
    oriente(agence)
    with pytest.raises(ValidationError, match="pas encore de règle"):
        actions.appliquer_regle(agence, acting_user=responsable)


def test_changer_de_referent_exige_un_motif(agence, responsable, conseillers):
    personne = oriente(agence)
    actions.designer(personne, conseillers[0], acting_user=responsable)
    for motif in ("", "   "):
        with pytest.raises(ValidationError, match="motif"):
            actions.changer_referent(personne, conseillers[1], acting_user=conseillers[0], motif=motif)
    assert _referents([personne]) == {personne.pk: conseillers[0].pk}
    ligne = actions.changer_referent(personne, conseillers[1], acting_user=conseillers[0], motif="Langue commune")
    assert (ligne.ancien, ligne.nouveau, ligne.nature, ligne.motif) == (
        conseillers[0],
        conseillers[1],
        NatureDesignation.CHANGEMENT,
        "Langue commune",
    )
    assert AuditEvent.objects.get(event_type=TypeEvenement.REFERENT_CHANGE).motif == "Langue commune"


def test_transfert_a_parts_egales(agence, responsable, conseillers):
    _charger(conseillers[0], agence, 5)
    rapport = actions.transferer_portefeuille(
        agence,
        conseillers[0],
        [conseillers[1], conseillers[2]],
        acting_user=responsable,
        motif="Départ en retraite",
        repartition=actions.REPARTITION_EGALE,
    )
    assert len(rapport.designees) == 5 and rapport.restantes == 0
    charges = sorted(Personne.objects.filter(referent_unique=c).count() for c in conseillers[1:])
    assert charges == [2, 3]
    assert not Personne.objects.filter(referent_unique=conseillers[0]).exists()
    assert (
        HistoriqueReferent.objects.filter(nature=NatureDesignation.TRANSFERT, motif="Départ en retraite").count() == 5
    )
    assert AuditEvent.objects.filter(event_type=TypeEvenement.PORTEFEUILLE_TRANSFERE).count() == 5


def test_transfert_au_moins_charge(agence, responsable, conseillers):
    _charger(conseillers[0], agence, 4)
    _charger(conseillers[1], agence, 3)
    actions.transferer_portefeuille(
        agence,
        conseillers[0],
        [conseillers[1], conseillers[2]],
        acting_user=responsable,
        motif="Absence longue",
        repartition=actions.REPARTITION_MOINS_CHARGES,
    )
    # 3 and 0 → the four go to the less loaded first: 3+1 and 0+3... evened to 4 and 3.
    assert sorted(Personne.objects.filter(referent_unique=c).count() for c in conseillers[1:]) == [3, 4]


def test_transfert_refuse_sans_motif_vers_soi_ou_vers_un_non_conseiller(agence, responsable, conseillers):
    _charger(conseillers[0], agence, 2)
    pilote = professionnel(agence, role=Role.PILOTE)
    cas = [
        ([conseillers[1]], "", "motif"),
        ([conseillers[0]], "Départ", "propre titulaire"),
        ([], "Départ", "au moins un conseiller"),
        ([pilote], "Départ", "ne peut pas être désigné"),
    ]
    for destinataires, motif, message in cas:
        with pytest.raises(ValidationError, match=message):
            actions.transferer_portefeuille(
                agence, conseillers[0], destinataires, acting_user=responsable, motif=motif, repartition="egale"
            )
    assert Personne.objects.filter(referent_unique=conseillers[0]).count() == 2


def test_repartir_moins_charges_pure():
    personnes = [{"pk": i} for i in range(4)]
    assert regles.repartir_moins_charges(personnes, {10: 1, 20: 0}) == {0: 20, 1: 10, 2: 20, 3: 10}
    assert regles.repartir_moins_charges(personnes, {}) == {}


def test_un_conseiller_designe_un_collegue(agence, conseillers):
    personne = oriente(agence)
    actions.designer(personne, conseillers[2], acting_user=conseillers[0])
    assert _referents([personne]) == {personne.pk: conseillers[2].pk}


def test_par_commune_un_conseiller_parti_ne_recoit_personne(agence, responsable, conseillers):
    personne = oriente(agence, code_commune="59350")
    regle = actions.enregistrer_regle(
        agence, critere=CritereAttribution.PAR_COMMUNE, repli_moins_charge=True, acting_user=responsable
    )
    AffectationCommune.objects.create(regle=regle, commune_id="59350", conseiller=conseillers[0])
    conseillers[0].memberships.update(actif=False)
    actions.appliquer_regle(agence, acting_user=responsable)
    assert _referents([personne])[personne.pk] in {conseillers[1].pk, conseillers[2].pk}


def test_le_portefeuille_d_un_conseiller_parti_se_transfere(agence, responsable, conseillers):
    _charger(conseillers[0], agence, 2)
    conseillers[0].memberships.update(actif=False)
    rapport = actions.transferer_portefeuille(
        agence, conseillers[0], [conseillers[1]], acting_user=responsable, motif="Départ", repartition="egale"
    )
    assert len(rapport.designees) == 2
    assert Personne.objects.filter(referent_unique=conseillers[1]).count() == 2


def test_une_personne_sans_compte_venue_du_flux_est_prevenue_par_courriel(agence, responsable, conseillers):
    """The CAF/MSA flow brings people with an e-mail and no account yet: they are told by e-mail (as of their
    orientation decision); the in-app notice waits for an account."""
    personne = oriente(agence, avec_compte=False)
    actions.designer(personne, conseillers[0], acting_user=responsable)
    note = Notification.objects.get(adresse=personne.email)
    assert (note.canal, note.destinataire_id, note.contexte["referent"]) == (Canal.EMAIL, None, "Alice Arnaud")
    sans_courriel = oriente(agence, avec_compte=False, email="")
    actions.designer(sans_courriel, conseillers[0], acting_user=responsable)
    assert Notification.objects.filter(modele="referents/referent_designe").count() == 1
