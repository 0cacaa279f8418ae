"""Applications (entreprises.candidatures): the state machine, who may do each step, the hire
(profile « en emploi », the offer filled at its number of positions, the contract's revision),
the log of every step and what the outbox sends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contrats.enums import StatutContrat
from contrats.models import ContratEngagement, HistoriqueContrat
from entreprises import candidatures
from entreprises.enums import (
    MotifRefus,
    OrigineCandidature,
    RoleEntreprise,
    StatutCandidature,
    StatutMembre,
    StatutOffre,
)
from entreprises.models import Candidature, HistoriqueCandidature, Offre, ProfilRecherche
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.contrats.factories import Situation
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

SC = StatutCandidature


class Scenario:
    """Person P (account) followed by organisation A with référent R; company E with an active
    admin and an offer of ``nb_postes`` positions, published."""

    def __init__(self, nb_postes=2, **personne):
        self.org = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.org, Role.CONSEILLER)
        self.personne = PersonneFactory(
            avec_compte=True, organisme_referent=self.org, referent_unique=self.referent, **personne
        )
        self.entreprise = f.entreprise()
        self.employeur = f.employeur(self.entreprise)
        self.offre = f.offre(self.entreprise, nb_postes=nb_postes, titre="Boulanger de nuit")

    def candidature(self, personne=None, offre=None):
        personne = personne or self.personne
        return candidatures.candidater(offre or self.offre, personne, personne.user, "Je suis motivé.")

    def candidat(self):
        return PersonneFactory(avec_compte=True, organisme_referent=self.org, referent_unique=self.referent)

    def acceptee(self, personne=None):
        c = self.candidature(personne)
        return candidatures.accepter(c, acting_user=self.employeur)


def relire(objet):
    # FSM fields are protected: read a fresh instance rather than refresh_from_db().
    return type(objet).objects.get(pk=objet.pk)


@pytest.fixture
def s():
    return Scenario()


# --- Creating an application ---------------------------------------------------------------------


def test_le_referent_met_en_relation_et_tout_est_journalise(s):
    c = candidatures.mettre_en_relation(s.offre, s.personne, s.referent, "Expérience en boulangerie.")
    assert c.statut == SC.ENVOYEE
    assert c.origine == OrigineCandidature.MISE_EN_RELATION
    assert c.mise_en_relation_par == s.referent
    (h,) = HistoriqueCandidature.objects.filter(candidature=c)
    assert (h.user, h.statut_avant, h.statut_apres) == (s.referent, "", SC.ENVOYEE)
    audit = AuditEvent.objects.get(event_type=TypeEvenement.CANDIDATURE_TRANSITION, personne=s.personne)
    assert audit.acting_user == s.referent
    assert audit.organisation == s.org
    assert audit.data["apres"] == SC.ENVOYEE and audit.data["offre"] == s.offre.pk


def test_la_mise_en_relation_previent_la_personne_et_l_employeur_pas_le_referent_qui_l_a_faite(s):
    candidatures.mettre_en_relation(s.offre, s.personne, s.referent)
    destinataires = set(Notification.objects.values_list("destinataire_id", "canal"))
    assert (s.personne.user_id, Canal.EMAIL) in destinataires
    assert (s.personne.user_id, Canal.IN_APP) in destinataires
    assert (s.employeur.pk, Canal.EMAIL) in destinataires
    assert s.referent.pk not in {d for d, _ in destinataires}


def test_un_conseiller_qui_ne_lit_pas_le_dossier_ne_met_pas_en_relation(s):
    ailleurs = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    for acteur in (ailleurs, s.employeur, s.personne.user, professionnel(s.org, Role.PILOTE)):
        with pytest.raises(ValidationError, match="Seul un conseiller"):
            candidatures.mettre_en_relation(s.offre, s.personne, acteur)
    assert not Candidature.objects.exists()


def test_un_conseiller_d_une_organisation_impliquee_met_en_relation(s):
    from tests.factories import ImplicationFactory

    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    ImplicationFactory(personne=s.personne, organisation=cd, created_by=s.referent)
    ts = professionnel(cd, Role.TRAVAILLEUR_SOCIAL)
    assert candidatures.mettre_en_relation(s.offre, s.personne, ts).mise_en_relation_par == ts


def test_une_personne_qui_a_refuse_d_etre_proposee_candidate_elle_meme(s):
    f.profil(s.personne, visible=False)
    with pytest.raises(ValidationError, match="ne pas être proposée"):
        candidatures.mettre_en_relation(s.offre, s.personne, s.referent)
    c = candidatures.candidater(s.offre, s.personne, s.personne.user, "")
    assert c.origine == OrigineCandidature.CANDIDATURE and c.mise_en_relation_par is None


@pytest.mark.parametrize("statut", [StatutOffre.BROUILLON, StatutOffre.A_VALIDER, StatutOffre.POURVUE])
def test_une_offre_non_publiee_ne_recoit_rien(s, statut):
    offre = f.offre(s.entreprise, statut=statut)
    with pytest.raises(ValidationError, match="plus publiée"):
        candidatures.candidater(offre, s.personne, s.personne.user)
    with pytest.raises(ValidationError, match="plus publiée"):
        candidatures.mettre_en_relation(offre, s.personne, s.referent)


def test_une_seule_candidature_par_personne_et_par_offre(s):
    s.candidature()
    with pytest.raises(ValidationError, match="déjà candidaté"):
        candidatures.mettre_en_relation(s.offre, s.personne, s.referent)
    with pytest.raises(ValidationError, match="déjà candidaté"):
        s.candidature()


def test_seule_la_personne_candidate_pour_elle_meme(s):
    autre = PersonneFactory(avec_compte=True)
    for acteur in (autre.user, s.referent, s.employeur):
        with pytest.raises(ValidationError, match="Seule la personne"):
            candidatures.candidater(s.offre, s.personne, acteur)


def test_la_candidature_previent_le_referent_et_l_employeur(s):
    c = s.candidature()
    assert Notification.objects.filter(destinataire=s.referent, modele="entreprises/candidature_referent").exists()
    employeur = Notification.objects.get(destinataire=s.employeur)
    sujet, corps = rendre_courriel(employeur)
    assert "Boulanger de nuit" in sujet
    # No one is named in the e-mail: the offer's title and a link to the space, nothing else.
    for donnee in (s.personne.nom_naissance, s.personne.prenoms, s.personne.email, "motivé"):
        assert donnee not in sujet + corps
    assert f"/entreprise/candidatures/{c.pk}/" in corps


def test_un_message_trop_long_est_refuse_au_champ(s):
    with pytest.raises(ValidationError) as e:
        candidatures.candidater(s.offre, s.personne, s.personne.user, "x" * 5001)
    assert "message" in e.value.error_dict
    assert candidatures.candidater(s.offre, s.personne, s.personne.user, "x" * 5000)


# --- The state machine ---------------------------------------------------------------------------


def test_le_parcours_complet_de_l_employeur(s):
    c = s.candidature()
    c = candidatures.marquer_vue(c, acting_user=s.employeur)
    c = candidatures.proposer_entretien(c, acting_user=s.employeur, message="Mardi 10 h, au fournil.")
    c = candidatures.accepter(c, acting_user=s.employeur)
    c = candidatures.embaucher(c, acting_user=s.employeur, date_embauche=timezone.localdate())
    etapes = list(HistoriqueCandidature.objects.filter(candidature=c).values_list("statut_avant", "statut_apres"))
    assert etapes == [
        ("", SC.ENVOYEE),
        (SC.ENVOYEE, SC.VUE),
        (SC.VUE, SC.ENTRETIEN),
        (SC.ENTRETIEN, SC.ACCEPTEE),
        (SC.ACCEPTEE, SC.EMBAUCHE),
    ]
    assert HistoriqueCandidature.objects.get(candidature=c, statut_apres=SC.ENTRETIEN).motif == (
        "Mardi 10 h, au fournil."
    )
    assert AuditEvent.objects.filter(event_type=TypeEvenement.CANDIDATURE_TRANSITION).count() == 5


@pytest.mark.parametrize(
    ("etapes_avant", "action", "message"),
    [
        ([], "embaucher", "Seule une candidature acceptée"),
        (["accepter"], "proposer_entretien", "Un entretien se propose"),
        (["accepter"], "accepter", "déjà acceptée"),
        (["marquer_vue"], "marquer_vue", "déjà été lue"),
        (["refuser"], "accepter", "déjà acceptée ou close"),
        (["refuser"], "refuser", "déjà close"),
        (["accepter", "embaucher"], "refuser", "déjà close"),
    ],
)
def test_les_transitions_interdites(s, etapes_avant, action, message):
    c = s.candidature()
    arguments = {
        "accepter": {},
        "marquer_vue": {},
        "proposer_entretien": {},
        "refuser": {"motif": MotifRefus.PROFIL},
        "embaucher": {"date_embauche": timezone.localdate()},
    }
    for etape in etapes_avant:
        c = getattr(candidatures, etape)(c, acting_user=s.employeur, **arguments[etape])
    avant = relire(c).statut
    with pytest.raises(ValidationError, match=message):
        getattr(candidatures, action)(c, acting_user=s.employeur, **arguments[action])
    assert relire(c).statut == avant


def test_seul_un_membre_actif_de_l_entreprise_de_l_offre_fait_les_etapes(s):
    c = s.candidature()
    autre_entreprise = f.employeur(f.entreprise(nom="Concurrent"))
    en_attente = f.employeur(s.entreprise, role=RoleEntreprise.RECRUTEUR, statut=StatutMembre.EN_ATTENTE)
    for acteur in (autre_entreprise, en_attente, s.referent, s.personne.user):
        for action, arguments in (
            ("marquer_vue", {}),
            ("accepter", {}),
            ("refuser", {"motif": MotifRefus.PROFIL}),
        ):
            with pytest.raises(ValidationError, match="membre actif de l'entreprise"):
                getattr(candidatures, action)(c, acting_user=acteur, **arguments)
    recruteur = f.employeur(s.entreprise, role=RoleEntreprise.RECRUTEUR)
    assert candidatures.accepter(c, acting_user=recruteur).statut == SC.ACCEPTEE


def test_un_compte_employeur_desactive_ne_fait_plus_rien(s):
    c = s.candidature()
    s.employeur.is_active = False
    s.employeur.save()
    with pytest.raises(ValidationError, match="membre actif"):
        candidatures.accepter(c, acting_user=s.employeur)


# --- Refusal and withdrawal ----------------------------------------------------------------------


def test_le_refus_autre_exige_une_precision(s):
    c = s.candidature()
    with pytest.raises(ValidationError) as e:
        candidatures.refuser(c, acting_user=s.employeur, motif=MotifRefus.AUTRE, precision="  ")
    assert "precision" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        candidatures.refuser(c, acting_user=s.employeur, motif="")
    assert "motif" in e.value.error_dict
    c = candidatures.refuser(c, acting_user=s.employeur, motif=MotifRefus.AUTRE, precision="Permis B exigé.")
    c = relire(c)
    assert (c.statut, c.motif_refus, c.precision_refus) == (SC.REFUSEE, MotifRefus.AUTRE, "Permis B exigé.")
    h = HistoriqueCandidature.objects.get(candidature=c, statut_apres=SC.REFUSEE)
    assert h.motif == "Autre motif (précisé) : Permis B exigé." and h.user == s.employeur
    assert (
        Notification.objects.filter(destinataire=s.personne.user, cle_idempotence__contains=":refusee:").count() == 2
    )


def test_l_employeur_ne_desiste_pas_a_la_place_de_la_personne(s):
    c = s.candidature()
    with pytest.raises(ValidationError, match="Seule la personne peut retirer"):
        candidatures.refuser(c, acting_user=s.employeur, motif=MotifRefus.CANDIDAT_DESISTE)
    assert relire(c).statut == SC.ENVOYEE


def test_la_personne_retire_sa_candidature_a_toute_etape_ouverte(s):
    for etapes in ([], ["marquer_vue"], ["proposer_entretien"], ["accepter"]):
        personne = s.candidat()
        c = s.candidature(personne)
        for etape in etapes:
            c = getattr(candidatures, etape)(c, acting_user=s.employeur)
        c = candidatures.desister(c, acting_user=personne.user, precision="J'ai trouvé ailleurs.")
        assert (relire(c).statut, relire(c).motif_refus) == (SC.REFUSEE, MotifRefus.CANDIDAT_DESISTE)
        assert HistoriqueCandidature.objects.get(candidature=c, statut_apres=SC.REFUSEE).user == personne.user
    # The employer hears of it.
    assert (
        Notification.objects.filter(destinataire=s.employeur, cle_idempotence__contains=":desistement:").count() == 4
    )


def test_le_desistement_est_reserve_a_la_personne(s):
    c = s.candidature()
    for acteur in (s.employeur, s.referent, PersonneFactory(avec_compte=True).user):
        with pytest.raises(ValidationError, match="Seule la personne"):
            candidatures.desister(c, acting_user=acteur)
    c = candidatures.accepter(c, acting_user=s.employeur)
    c = candidatures.embaucher(c, acting_user=s.employeur, date_embauche=timezone.localdate())
    with pytest.raises(ValidationError, match="déjà close"):
        candidatures.desister(c, acting_user=s.personne.user)


# --- The hire -----------------------------------------------------------------------------------


def test_la_date_d_embauche_ne_precede_pas_la_candidature(s):
    c = s.acceptee()
    recue_le = timezone.localdate(c.created_at)
    with pytest.raises(ValidationError) as e:
        candidatures.embaucher(c, acting_user=s.employeur, date_embauche=recue_le - datetime.timedelta(days=1))
    assert "date_embauche" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        candidatures.embaucher(c, acting_user=s.employeur, date_embauche=None)
    assert "date_embauche" in e.value.error_dict
    c = candidatures.embaucher(c, acting_user=s.employeur, date_embauche=recue_le)
    assert relire(c).date_embauche == recue_le


def test_l_embauche_met_la_personne_en_emploi(s):
    profil = f.profil(s.personne)
    assert profil.en_emploi_depuis is None
    debut = timezone.localdate() + datetime.timedelta(days=3)
    c = candidatures.embaucher(s.acceptee(), acting_user=s.employeur, date_embauche=debut)
    profil = ProfilRecherche.objects.get(pk=s.personne.pk)
    assert (profil.en_emploi_depuis, profil.embauche_id) == (debut, c.pk)
    assert profil.codes_rome == ["D1102"]  # the rest of the profile is kept


def test_l_embauche_cree_le_profil_s_il_manque(s):
    assert not ProfilRecherche.objects.filter(pk=s.personne.pk).exists()
    c = candidatures.embaucher(s.acceptee(), acting_user=s.employeur, date_embauche=timezone.localdate())
    assert ProfilRecherche.objects.get(pk=s.personne.pk).embauche_id == c.pk


def test_l_offre_reste_ouverte_avant_son_dernier_poste_et_se_pourvoit_au_dernier(s):
    # nb_postes = 2: one hire leaves it open, the second fills it.
    premiere = s.acceptee()
    deuxieme = s.acceptee(s.candidat())
    en_attente = s.candidature(s.candidat())
    candidatures.embaucher(premiere, acting_user=s.employeur, date_embauche=timezone.localdate())
    offre = relire(s.offre)
    assert (offre.statut, offre.cloturee_le) == (StatutOffre.PUBLIEE, None)
    assert relire(en_attente).statut == SC.ENVOYEE
    candidatures.embaucher(deuxieme, acting_user=s.employeur, date_embauche=timezone.localdate())
    offre = relire(s.offre)
    assert offre.statut == StatutOffre.POURVUE and offre.cloturee_le is not None
    # The application still open gets its answer: the position is filled.
    en_attente = relire(en_attente)
    assert (en_attente.statut, en_attente.motif_refus) == (SC.REFUSEE, MotifRefus.POSTE_POURVU)
    assert Notification.objects.filter(
        destinataire=en_attente.personne.user, cle_idempotence__contains=":refusee:"
    ).exists()


def test_une_offre_d_un_seul_poste_se_pourvoit_a_la_premiere_embauche():
    s = Scenario(nb_postes=1)
    candidatures.embaucher(s.acceptee(), acting_user=s.employeur, date_embauche=timezone.localdate())
    assert relire(s.offre).statut == StatutOffre.POURVUE


def test_une_embauche_sur_une_offre_deja_close_ne_la_rouvre_ni_ne_la_change(s):
    c = s.acceptee()
    Offre.objects.filter(pk=s.offre.pk).update(statut=StatutOffre.EXPIREE)
    candidatures.embaucher(c, acting_user=s.employeur, date_embauche=timezone.localdate())
    assert relire(s.offre).statut == StatutOffre.EXPIREE


# --- The contract's revision ---------------------------------------------------------------------


def _en_situation_de_contrat(etat):
    situation = Situation()
    getattr(situation, etat)()
    scenario = Scenario()
    personne = situation.personne
    personne.referent_unique = situation.referent
    personne.save()
    c = scenario.acceptee(personne)
    return situation, scenario, c


def test_l_embauche_ouvre_la_revision_du_contrat_signe():
    situation, scenario, c = _en_situation_de_contrat("signe")
    candidatures.embaucher(c, acting_user=scenario.employeur, date_embauche=timezone.localdate())
    contrat = ContratEngagement.objects.get(personne=situation.personne)
    assert contrat.statut == StatutContrat.BROUILLON and contrat.revision_ouverte_le is not None
    h = HistoriqueContrat.objects.filter(contrat=contrat).latest("at", "pk")
    assert (h.statut_avant, h.statut_apres, h.motif) == (
        StatutContrat.SIGNE,
        StatutContrat.BROUILLON,
        "Reprise d'emploi",
    )
    audit = AuditEvent.objects.get(event_type=TypeEvenement.CANDIDATURE_TRANSITION, data__apres=SC.EMBAUCHE)
    assert audit.data["revision_contrat"] == contrat.pk


@pytest.mark.parametrize("etat", ["brouillon", "soumis", "accepte"])
def test_sans_contrat_signe_l_embauche_n_ouvre_aucune_revision(etat):
    situation, scenario, c = _en_situation_de_contrat(etat)
    avant = ContratEngagement.objects.get(personne=situation.personne).statut
    candidatures.embaucher(c, acting_user=scenario.employeur, date_embauche=timezone.localdate())
    assert ContratEngagement.objects.get(personne=situation.personne).statut == avant
    assert not HistoriqueContrat.objects.filter(motif="Reprise d'emploi").exists()
    audit = AuditEvent.objects.get(event_type=TypeEvenement.CANDIDATURE_TRANSITION, data__apres=SC.EMBAUCHE)
    assert audit.data["revision_contrat"] is None


def test_un_referent_parti_n_empeche_pas_l_embauche():
    situation, scenario, c = _en_situation_de_contrat("signe")
    situation.referent.memberships.all().delete()
    c = candidatures.embaucher(c, acting_user=scenario.employeur, date_embauche=timezone.localdate())
    assert relire(c).statut == SC.EMBAUCHE
    assert ContratEngagement.objects.get(personne=situation.personne).statut == StatutContrat.SIGNE


# --- What the e-mails say --------------------------------------------------------------------------


def test_aucun_courriel_ne_nomme_la_personne(s):
    c = candidatures.mettre_en_relation(s.offre, s.personne, s.referent, "Message confidentiel au recruteur")
    c = candidatures.proposer_entretien(c, acting_user=s.employeur, message="Entretien au 12 rue des Lilas")
    c = candidatures.accepter(c, acting_user=s.employeur)
    candidatures.embaucher(c, acting_user=s.employeur, date_embauche=timezone.localdate())
    courriels = Notification.objects.filter(canal=Canal.EMAIL)
    assert courriels.filter(destinataire=s.referent).count() == 3  # entretien, acceptée, embauche
    for notification in courriels:
        sujet, corps = rendre_courriel(notification)
        assert "Boulanger de nuit" in sujet + corps
        for donnee in (
            s.personne.nom_naissance,
            s.personne.prenoms,
            s.personne.email,
            "12 rue des Lilas",
            "confidentiel",
        ):
            assert donnee not in sujet + corps, (notification.modele, donnee)


def test_une_personne_sans_compte_est_mise_en_relation_sans_notification():
    s = Scenario()
    sans_compte = PersonneFactory(organisme_referent=s.org)
    c = candidatures.mettre_en_relation(s.offre, sans_compte, s.referent)
    assert c.statut == SC.ENVOYEE
    assert not Notification.objects.exclude(destinataire=s.employeur).exists()


def test_candidature_de_rend_la_candidature_ou_rien(s):
    assert candidatures.candidature_de(s.personne, s.offre) is None
    c = s.candidature()
    assert candidatures.candidature_de(s.personne, s.offre) == c
    assert candidatures.candidature_de(None, s.offre) is None


def test_un_employeur_sans_compte_actif_n_est_pas_prevenu(s):
    inactif = UserFactory(employeur=True, is_active=False)
    from entreprises.models import MembreEntreprise

    MembreEntreprise.objects.create(entreprise=s.entreprise, user=inactif, statut=StatutMembre.ACTIF)
    s.candidature()
    assert not Notification.objects.filter(destinataire=inactif).exists()


def test_le_pourvoi_provisoire_en_attendant_le_module_des_offres(s):
    # Used only while entreprises.offres.pourvoir does not exist: the transition, its time, an audit row.
    offre = candidatures._pourvoir_offre_provisoire(s.offre, acting_user=s.employeur)
    offre = relire(offre)
    assert offre.statut == StatutOffre.POURVUE and offre.cloturee_le is not None
    assert AuditEvent.objects.filter(event_type=TypeEvenement.OFFRE_TRANSITION, data__offre=s.offre.pk).exists()
    # Already filled: nothing moves.
    assert candidatures._pourvoir_offre_provisoire(offre, acting_user=s.employeur).statut == StatutOffre.POURVUE
