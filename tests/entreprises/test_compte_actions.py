"""entreprises.comptes: attaching to a company by SIRET, the admins' decisions, the last admin,
the référent entreprise (automatic choice and reassignment), writing to one's conseillers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entreprises import acces, comptes
from entreprises.enums import RoleEntreprise, StatutMembre, StatutOffre
from entreprises.models import Entreprise, MembreEntreprise
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from tests.entreprises.factories import employeur, entreprise, offre, siret_valide
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, commune, professionnel


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(agence):
    return professionnel(agence, Role.CONSEILLER)


def _creer(user, siret=None, **kwargs):
    valeurs = {"nom": "Boulangerie du Beffroi", "commune": commune("59350"), **kwargs}
    return comptes.creer_entreprise(user, siret=siret or siret_valide(), **valeurs)


def _rattachements(**filtres):
    return AuditEvent.objects.filter(event_type=TypeEvenement.ENTREPRISE_RATTACHEMENT, **filtres)


# --- Creating a company -------------------------------------------------------------------------


def test_le_premier_employeur_cree_l_entreprise_et_en_devient_l_administrateur(conseiller, agence):
    paul = UserFactory(employeur=True)
    resultat = _creer(paul, siret="732 829 320 00074", adresse=" 3 rue du Beffroi ")

    assert resultat.entreprise_creee
    e = resultat.membre.entreprise
    assert (e.siret, e.siren, e.adresse) == ("73282932000074", "732829320", "3 rue du Beffroi")
    membre = resultat.membre
    assert (membre.user, membre.role, membre.statut) == (paul, RoleEntreprise.ADMIN, StatutMembre.ACTIF)
    assert membre.decide_le is not None
    audit = _rattachements().get()
    assert audit.acting_user == paul
    assert audit.data == {
        "entreprise": e.pk,
        "siret": "73282932000074",
        "membre": membre.pk,
        "utilisateur": paul.pk,
        "decision": "creation",
    }
    # The référent is designated at once, audited and told.
    e.refresh_from_db()
    assert (e.referent, e.organisation_referente) == (conseiller, agence)
    referent = AuditEvent.objects.get(event_type=TypeEvenement.ENTREPRISE_REFERENT)
    assert referent.acting_user is None
    assert referent.data == {"entreprise": e.pk, "referent": conseiller.pk, "automatique": True}
    courriel = Notification.objects.get(modele="entreprises/compte_referent_designe")
    assert courriel.destinataire == conseiller
    sujet, corps = rendre_courriel(courriel)
    assert "Boulangerie du Beffroi" in sujet
    assert f"/conseiller/entreprises/{e.pk}/" in corps


@pytest.mark.parametrize(
    "compte",
    [
        lambda: UserFactory(professionnel=True),
        lambda: PersonneFactory(avec_compte=True).user,
        lambda: UserFactory(employeur=True, is_active=False),
    ],
    ids=["professionnel", "personne", "employeur_inactif"],
)
def test_seul_un_employeur_actif_se_rattache(compte):
    user = compte()
    with pytest.raises(ValidationError, match="Seul un compte employeur"):
        _creer(user)
    e = entreprise()
    with pytest.raises(ValidationError, match="Seul un compte employeur"):
        comptes.demander_rattachement(user, siret=e.siret)
    assert not Entreprise.objects.exclude(pk=e.pk).exists()
    assert not MembreEntreprise.objects.exists()


def test_creation_refusee_sans_siret_valide_ni_nom_ni_commune():
    paul = UserFactory(employeur=True)
    with pytest.raises(ValidationError, match="clé de contrôle"):
        _creer(paul, siret="73282932000075")
    with pytest.raises(ValidationError) as exc:
        _creer(paul, nom="  ", commune=None)
    assert set(exc.value.message_dict) == {"nom", "commune"}
    assert not Entreprise.objects.exists()


def test_sans_agence_france_travail_dans_le_departement_l_entreprise_attend_son_referent():
    # Agencies that do not count: another département, a mission locale, an inactive agency,
    # an agency whose only conseiller's membership (or account) is inactive, a département's social worker.
    professionnel(OrganisationFactory(departement_id="62"))
    professionnel(OrganisationFactory(departement_id="59", mission_locale=True))
    professionnel(OrganisationFactory(departement_id="59", actif=False))
    m = professionnel(OrganisationFactory(departement_id="59")).memberships.get()
    m.actif = False
    m.save()
    professionnel(OrganisationFactory(departement_id="59"), is_active=False)
    professionnel(OrganisationFactory(departement_id="59", conseil_departemental=True), Role.TRAVAILLEUR_SOCIAL)
    professionnel(OrganisationFactory(departement_id="59"), Role.PILOTE)

    e = _creer(UserFactory(employeur=True)).membre.entreprise
    e.refresh_from_db()
    assert e.referent is None and e.organisation_referente is None
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.ENTREPRISE_REFERENT).exists()


# --- The automatic référent ---------------------------------------------------------------------


def test_le_referent_vient_de_l_agence_qui_suit_le_moins_d_entreprises_puis_la_plus_ancienne():
    a = OrganisationFactory(departement_id="59")
    b = OrganisationFactory(departement_id="59")
    conseiller_a, conseiller_b = professionnel(a), professionnel(b)
    # Equal (no company each): the lowest id wins.
    assert comptes.choisir_referent("59") == (conseiller_a, a)
    entreprise(organisation_referente=a, referent=conseiller_a)
    # A now refers one company, B none: B.
    assert comptes.choisir_referent("59") == (conseiller_b, b)
    entreprise(organisation_referente=b, referent=conseiller_b)
    assert comptes.choisir_referent("59") == (conseiller_a, a)
    assert comptes.choisir_referent("62") == (None, None)
    assert comptes.choisir_referent("") == (None, None)


def test_dans_l_agence_le_conseiller_qui_suit_le_moins_d_entreprises_puis_le_plus_ancien(agence):
    premier, second = professionnel(agence), professionnel(agence)
    assert comptes.choisir_referent("59") == (premier, agence)
    # Companies referred elsewhere count too: the load is the conseiller's, not the agency's.
    entreprise(referent=premier, organisation_referente=OrganisationFactory(departement_id="62"))
    assert comptes.choisir_referent("59") == (second, agence)
    entreprise(referent=second, organisation_referente=agence)
    assert comptes.choisir_referent("59") == (premier, agence)
    # A conseiller who is also pilote counts once; a conseiller whose membership ended does not count.
    Membership.objects.create(user=premier, organisation=agence, role=Role.PILOTE)
    troisieme = professionnel(agence)
    assert comptes.choisir_referent("59") == (troisieme, agence)
    Membership.objects.filter(user=troisieme).update(actif=False)
    assert comptes.choisir_referent("59") == (premier, agence)


# --- Asking to join an existing company ---------------------------------------------------------


@pytest.fixture
def societe():
    return entreprise(nom="Menuiserie Vasseur")


def test_rejoindre_une_entreprise_existante_attend_ses_administrateurs(societe):
    admin_1 = employeur(societe)
    admin_2 = employeur(societe)
    employeur(societe, role=RoleEntreprise.RECRUTEUR)
    employeur(societe, statut=StatutMembre.EN_ATTENTE, role=RoleEntreprise.ADMIN)
    employeur(societe, is_active=False)
    nora = UserFactory(employeur=True, first_name="Nora", last_name="Benali")

    resultat = comptes.demander_rattachement(nora, siret=siret_formate(societe.siret))

    assert not resultat.entreprise_creee
    membre = resultat.membre
    assert (membre.entreprise, membre.role, membre.statut) == (
        societe,
        RoleEntreprise.RECRUTEUR,
        StatutMembre.EN_ATTENTE,
    )
    assert _rattachements(acting_user=nora).get().data["decision"] == "demande"
    # Only the active admins (active accounts) are told; the e-mail names nobody.
    courriels = Notification.objects.filter(modele="entreprises/compte_demande")
    assert {n.destinataire for n in courriels} == {admin_1, admin_2}
    sujet, corps = rendre_courriel(courriels.first())
    assert "Menuiserie Vasseur" in sujet
    assert f"/entreprise/entreprises/{societe.pk}/" in corps
    assert "Benali" not in corps and "Nora" not in corps


def siret_formate(siret):
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


@pytest.mark.parametrize(
    ("statut", "message"),
    [
        (StatutMembre.ACTIF, "déjà membre"),
        (StatutMembre.EN_ATTENTE, "attend déjà"),
        (StatutMembre.REFUSE, "a refusé votre demande"),
    ],
)
def test_une_seule_demande_par_employeur(societe, statut, message):
    employeur(societe)
    deja = employeur(societe, role=RoleEntreprise.RECRUTEUR, statut=statut)
    with pytest.raises(ValidationError, match=message):
        comptes.demander_rattachement(deja, siret=societe.siret)
    assert MembreEntreprise.objects.filter(user=deja).count() == 1


def test_un_siret_inconnu_ne_se_rejoint_pas():
    with pytest.raises(ValidationError, match="Aucune entreprise n'a encore d'espace"):
        comptes.demander_rattachement(UserFactory(employeur=True), siret=siret_valide())


def test_creer_un_siret_deja_inscrit_devient_une_demande(societe):
    admin = employeur(societe)
    arrivee = UserFactory(employeur=True)
    resultat = _creer(arrivee, siret=societe.siret, nom="Autre nom")
    assert not resultat.entreprise_creee
    assert resultat.membre.statut == StatutMembre.EN_ATTENTE
    societe.refresh_from_db()
    assert societe.nom == "Menuiserie Vasseur"
    assert Notification.objects.get(modele="entreprises/compte_demande").destinataire == admin


def test_une_entreprise_sans_administrateur_actif_revient_au_premier_qui_la_rejoint(societe):
    employeur(societe, is_active=False)
    premier = UserFactory(employeur=True)
    membre = comptes.demander_rattachement(premier, siret=societe.siret).membre
    assert (membre.role, membre.statut) == (RoleEntreprise.ADMIN, StatutMembre.ACTIF)
    assert _rattachements(acting_user=premier).get().data["decision"] == "premier_administrateur"
    second = comptes.demander_rattachement(UserFactory(employeur=True), siret=societe.siret).membre
    assert second.statut == StatutMembre.EN_ATTENTE


# --- The admins' decisions ----------------------------------------------------------------------


@pytest.fixture
def demande(societe):
    admin = employeur(societe)
    demandeur = UserFactory(employeur=True, first_name="Nora")
    return admin, comptes.demander_rattachement(demandeur, siret=societe.siret).membre


def test_l_administrateur_accepte_la_demande(demande):
    admin, membre = demande
    membre = comptes.approuver_membre(membre, acting_user=admin)
    membre.refresh_from_db()
    assert (membre.statut, membre.role, membre.decide_par) == (StatutMembre.ACTIF, RoleEntreprise.RECRUTEUR, admin)
    audit = _rattachements(acting_user=admin).get()
    assert audit.data["decision"] == "acceptee" and audit.data["membre"] == membre.pk
    courriel = Notification.objects.get(modele="entreprises/compte_rattachement_accepte")
    assert courriel.destinataire == membre.user
    sujet, corps = rendre_courriel(courriel)
    assert "Nora" in corps and f"/entreprise/entreprises/{membre.entreprise_id}/" in corps
    with pytest.raises(ValidationError, match="déjà actif"):
        comptes.approuver_membre(membre, acting_user=admin)


def test_l_administrateur_refuse_puis_peut_encore_accepter(demande):
    admin, membre = demande
    comptes.refuser_membre(membre, acting_user=admin)
    membre.refresh_from_db()
    assert (membre.statut, membre.decide_par) == (StatutMembre.REFUSE, admin)
    assert _rattachements(acting_user=admin).get().data["decision"] == "refusee"
    courriel = Notification.objects.get(modele="entreprises/compte_rattachement_refuse")
    assert courriel.destinataire == membre.user
    assert "/entreprise/" in rendre_courriel(courriel)[1]
    with pytest.raises(ValidationError, match="Seule une demande en attente"):
        comptes.refuser_membre(membre, acting_user=admin)
    comptes.approuver_membre(membre, acting_user=admin)
    membre.refresh_from_db()
    assert membre.statut == StatutMembre.ACTIF
    assert _rattachements(acting_user=admin, data__decision="acceptee").get().data["avant"] == StatutMembre.REFUSE
    with pytest.raises(ValidationError, match="un membre actif se retire"):
        comptes.refuser_membre(membre, acting_user=admin)


def test_seul_un_administrateur_actif_de_cette_entreprise_decide(demande, societe):
    _admin, membre = demande
    recruteur = employeur(societe, role=RoleEntreprise.RECRUTEUR)
    admin_en_attente = employeur(societe, statut=StatutMembre.EN_ATTENTE)
    admin_ailleurs = employeur(entreprise())
    conseiller = societe.referent
    for intrus in (recruteur, admin_en_attente, admin_ailleurs, conseiller, membre.user):
        for action in (comptes.approuver_membre, comptes.refuser_membre):
            with pytest.raises(ValidationError, match="Seul un administrateur"):
                action(membre, acting_user=intrus)
    membre.refresh_from_db()
    assert membre.statut == StatutMembre.EN_ATTENTE


def test_un_administrateur_nomme_un_autre_administrateur(demande):
    admin, membre = demande
    with pytest.raises(ValidationError, match="acceptez d'abord"):
        comptes.nommer_admin(membre, acting_user=admin)
    comptes.approuver_membre(membre, acting_user=admin)
    comptes.nommer_admin(membre, acting_user=admin)
    membre.refresh_from_db()
    assert membre.role == RoleEntreprise.ADMIN
    assert _rattachements(acting_user=admin, data__decision="administrateur").exists()
    with pytest.raises(ValidationError, match="déjà administrateur"):
        comptes.nommer_admin(membre, acting_user=admin)
    # The new admin decides in turn.
    with pytest.raises(ValidationError, match="Seul un administrateur"):
        comptes.nommer_admin(membre, acting_user=UserFactory(employeur=True))


def test_le_dernier_administrateur_ne_peut_ni_se_retirer_ni_partir(demande, societe):
    admin, membre = demande
    moi = MembreEntreprise.objects.get(user=admin)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        comptes.retirer_admin(moi, acting_user=admin)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        comptes.retirer_membre(moi, acting_user=admin)
    # An admin whose account is closed does not count as the other admin.
    employeur(societe, is_active=False)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        comptes.retirer_admin(moi, acting_user=admin)
    # Two active admins: one may step down, then the other is the last one.
    comptes.approuver_membre(membre, acting_user=admin)
    comptes.nommer_admin(membre, acting_user=admin)
    comptes.retirer_admin(moi, acting_user=admin)
    moi.refresh_from_db()
    assert moi.role == RoleEntreprise.RECRUTEUR
    autre = MembreEntreprise.objects.get(pk=membre.pk)
    with pytest.raises(ValidationError, match="dernier administrateur"):
        comptes.retirer_admin(autre, acting_user=membre.user)
    with pytest.raises(ValidationError, match="n'est pas administrateur"):
        comptes.retirer_admin(moi, acting_user=membre.user)
    # A recruteur leaves freely.
    comptes.retirer_membre(moi, acting_user=admin)
    assert not MembreEntreprise.objects.filter(pk=moi.pk).exists()
    assert _rattachements(acting_user=admin, data__decision="depart").exists()


def test_l_administrateur_retire_un_membre_un_recruteur_ne_retire_que_lui_meme(demande, societe):
    admin, membre = demande
    recruteur = employeur(societe, role=RoleEntreprise.RECRUTEUR)
    with pytest.raises(ValidationError, match="Seul un administrateur"):
        comptes.retirer_membre(membre, acting_user=recruteur)
    # The pending requester cannot withdraw from a company they are not in yet… the admin can.
    with pytest.raises(ValidationError, match="Seuls les membres actifs"):
        comptes.retirer_membre(membre, acting_user=membre.user)
    comptes.retirer_membre(membre, acting_user=admin)
    assert not MembreEntreprise.objects.filter(pk=membre.pk).exists()
    audit = _rattachements(acting_user=admin, data__decision="retire").get()
    assert audit.data["avant"] == StatutMembre.EN_ATTENTE
    with pytest.raises(ValidationError, match="n'appartient plus"):
        comptes.retirer_membre(membre, acting_user=admin)


def test_modifier_l_entreprise_est_reserve_a_ses_administrateurs(societe):
    admin = employeur(societe)
    recruteur = employeur(societe, role=RoleEntreprise.RECRUTEUR)
    valeurs = {"nom": "Menuiserie Vasseur et fils", "commune": commune("59350"), "adresse": "12 rue Nationale"}
    with pytest.raises(ValidationError, match="Seul un administrateur"):
        comptes.modifier_entreprise(societe, acting_user=recruteur, **valeurs)
    comptes.modifier_entreprise(societe, acting_user=admin, **valeurs)
    societe.refresh_from_db()
    assert (societe.nom, societe.adresse) == ("Menuiserie Vasseur et fils", "12 rue Nationale")
    with pytest.raises(ValidationError) as exc:
        comptes.modifier_entreprise(societe, acting_user=admin, nom="", commune=None)
    assert set(exc.value.message_dict) == {"nom", "commune"}


def test_une_entreprise_sans_referent_en_recoit_un_quand_elle_est_modifiee(conseiller, agence):
    e = entreprise(referent=None, organisation_referente=None)
    admin = employeur(e)
    comptes.modifier_entreprise(e, acting_user=admin, nom=e.nom, commune=commune("59350"))
    e.refresh_from_db()
    assert (e.referent, e.organisation_referente) == (conseiller, agence)


# --- Reassigning the référent -------------------------------------------------------------------


@pytest.fixture
def reseau():
    """The company is referred by FT Lille (59); around it, other agencies and organisations."""
    ft_lille = OrganisationFactory(departement_id="59")
    ft_roubaix = OrganisationFactory(departement_id="59")
    ft_arras = OrganisationFactory(departement_id="62")
    ml_lille = OrganisationFactory(departement_id="59", mission_locale=True)
    referent = professionnel(ft_lille)
    e = entreprise(referent=referent, organisation_referente=ft_lille)
    return {
        "entreprise": e,
        "referent": referent,
        "ft_lille": ft_lille,
        "collegue": professionnel(ft_lille),
        "roubaix": professionnel(ft_roubaix),
        "arras": professionnel(ft_arras),
        "ml": professionnel(ml_lille),
        # A social worker is the département's (or its delegate's): never the company's référent.
        "ts_cd_nord": professionnel(
            OrganisationFactory(departement_id="59", conseil_departemental=True), Role.TRAVAILLEUR_SOCIAL
        ),
        "pilote_lille": professionnel(ft_lille, Role.PILOTE),
    }


def _membership(user):
    return user.memberships.get()


def test_qui_peut_designer_le_referent(reseau):
    e = reseau["entreprise"]
    for qui in ("referent", "collegue", "roubaix"):
        assert acces.peut_designer_referent(reseau[qui], e), qui
    for qui in ("arras", "ml", "ts_cd_nord", "pilote_lille"):
        assert not acces.peut_designer_referent(reseau[qui], e), qui
    assert not acces.peut_designer_referent(UserFactory(employeur=True), e)
    # The mission locale's conseiller may once it is the organisation référente.
    e.organisation_referente = _membership(reseau["ml"]).organisation
    e.referent = reseau["ml"]
    e.save()
    assert acces.peut_designer_referent(reseau["ml"], e)


def test_les_conseillers_eligibles_sont_ceux_de_l_organisation_referente_et_des_agences_ft_du_departement(reseau):
    e = reseau["entreprise"]
    eligibles = {m.user for m in comptes.conseillers_eligibles(e)}
    assert eligibles == {reseau["referent"], reseau["collegue"], reseau["roubaix"]}


def test_changer_de_referent(reseau):
    e = reseau["entreprise"]
    choisi = _membership(reseau["roubaix"])
    comptes.changer_referent(e, acting_user=reseau["collegue"], membership=choisi)
    e.refresh_from_db()
    assert (e.referent, e.organisation_referente) == (reseau["roubaix"], choisi.organisation)
    audit = AuditEvent.objects.get(event_type=TypeEvenement.ENTREPRISE_REFERENT)
    assert audit.acting_user == reseau["collegue"]
    assert audit.organisation == choisi.organisation
    assert audit.data == {
        "entreprise": e.pk,
        "referent": reseau["roubaix"].pk,
        "ancien_referent": reseau["referent"].pk,
        "automatique": False,
    }
    assert Notification.objects.get(modele="entreprises/compte_referent_designe").destinataire == reseau["roubaix"]
    with pytest.raises(ValidationError, match="déjà le référent"):
        comptes.changer_referent(e, acting_user=reseau["roubaix"], membership=choisi)


@pytest.mark.parametrize("choix", ["arras", "ml", "ts_cd_nord", "pilote_lille"])
def test_on_ne_choisit_pas_un_conseiller_hors_du_reseau_de_l_entreprise(reseau, choix):
    e = reseau["entreprise"]
    with pytest.raises(ValidationError) as exc:
        comptes.changer_referent(e, acting_user=reseau["referent"], membership=_membership(reseau[choix]))
    assert "ne peut pas être référent" in exc.value.message_dict["referent"][0]
    e.refresh_from_db()
    assert e.referent == reseau["referent"]


@pytest.mark.parametrize("qui", ["arras", "ml", "pilote_lille"])
def test_hors_du_reseau_de_l_entreprise_on_ne_change_pas_son_referent(reseau, qui):
    with pytest.raises(ValidationError, match="Seuls le référent"):
        comptes.changer_referent(
            reseau["entreprise"], acting_user=reseau[qui], membership=_membership(reseau["collegue"])
        )
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.ENTREPRISE_REFERENT).exists()


def test_un_conseiller_parti_n_est_plus_eligible(reseau):
    Membership.objects.filter(user=reseau["collegue"]).update(actif=False)
    with pytest.raises(ValidationError):
        comptes.changer_referent(
            reseau["entreprise"], acting_user=reseau["referent"], membership=_membership(reseau["collegue"])
        )


# --- Writing to one's conseillers ---------------------------------------------------------------


@pytest.fixture
def ecriture():
    e = entreprise(nom="Menuiserie Vasseur")
    paul = employeur(e, role=RoleEntreprise.RECRUTEUR, first_name="Paul", last_name="Lemoine")
    recruteuse = professionnel(OrganisationFactory(mission_locale=True), first_name="Inès", last_name="Bernard")
    o = offre(e, titre="Menuisier poseur", conseiller_recrutement=recruteuse)
    return e, paul, recruteuse, o


def test_ecrire_a_son_referent_passe_par_la_boite_d_envoi(ecriture):
    e, paul, _recruteuse, _o = ecriture
    notification = comptes.ecrire_au_conseiller(
        e, acting_user=paul, destinataire_id=e.referent_id, message="  Pouvez-vous me rappeler demain ?  "
    )
    assert notification.destinataire == e.referent
    assert notification.modele == "entreprises/compte_message"
    sujet, corps = rendre_courriel(notification)
    assert "Menuiserie Vasseur" in sujet and "Paul Lemoine" in sujet
    assert "Pouvez-vous me rappeler demain ?" in corps
    assert "référent entreprise" in corps
    assert paul.email in corps
    assert f"/conseiller/entreprises/{e.pk}/" in corps
    # Nothing else is stored: no audit row, no other notification.
    assert Notification.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_ecrire_au_conseiller_recrutement_d_une_offre_en_cours(ecriture):
    e, paul, recruteuse, o = ecriture
    notification = comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=recruteuse.pk, message="Bonjour")
    assert notification.destinataire == recruteuse
    assert "conseiller recrutement de l'offre « Menuisier poseur »" in rendre_courriel(notification)[1]
    # Once the offer is closed, its conseiller is no longer a contact of the company.
    type(o).objects.filter(pk=o.pk).update(statut=StatutOffre.POURVUE)
    with pytest.raises(ValidationError, match="ne suit pas votre entreprise"):
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=recruteuse.pk, message="Bonjour")


@pytest.mark.parametrize("destinataire", ["autre_conseiller", "collegue_employeur", "inconnu", "texte"])
def test_on_n_ecrit_qu_aux_conseillers_de_l_entreprise(ecriture, destinataire):
    e, paul, _recruteuse, _o = ecriture
    ids = {
        "autre_conseiller": professionnel().pk,
        "collegue_employeur": employeur(e).pk,
        "inconnu": 2**62,
        "texte": "abc",
    }
    with pytest.raises(ValidationError, match="ne suit pas votre entreprise"):
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=ids[destinataire], message="Bonjour")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("statut", [StatutMembre.EN_ATTENTE, StatutMembre.REFUSE])
def test_un_membre_en_attente_ou_refuse_n_ecrit_pas(ecriture, statut):
    e = ecriture[0]
    demandeur = employeur(e, role=RoleEntreprise.RECRUTEUR, statut=statut)
    with pytest.raises(ValidationError, match="Seuls les membres actifs"):
        comptes.ecrire_au_conseiller(e, acting_user=demandeur, destinataire_id=e.referent_id, message="Bonjour")
    with pytest.raises(ValidationError, match="Seuls les membres actifs"):
        comptes.ecrire_au_conseiller(
            e, acting_user=employeur(entreprise()), destinataire_id=e.referent_id, message="Bonjour"
        )


@pytest.mark.parametrize(
    ("longueur", "accepte"), [(comptes.MESSAGE_LONGUEUR_MAX, True), (comptes.MESSAGE_LONGUEUR_MAX + 1, False)]
)
def test_longueur_du_message(ecriture, longueur, accepte):
    e, paul, _r, _o = ecriture
    if accepte:
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="a" * longueur)
    else:
        with pytest.raises(ValidationError) as exc:
            comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="a" * longueur)
        assert "trop long" in exc.value.message_dict["message"][0]
    with pytest.raises(ValidationError, match="Écrivez votre message"):
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="   ")


def test_au_plus_dix_messages_par_heure_et_par_employeur(ecriture):
    e, paul, recruteuse, _o = ecriture
    assert comptes.MESSAGES_PAR_HEURE == 10
    # The limit is per sender, across the recipients (and companies).
    for i in range(comptes.MESSAGES_PAR_HEURE):
        destinataire = e.referent_id if i % 2 else recruteuse.pk
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=destinataire, message=f"Message {i}")
    with pytest.raises(ValidationError, match="déjà envoyé 10 messages"):
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="Un de trop")
    assert Notification.objects.filter(modele="entreprises/compte_message").count() == 10
    # Another employer is not held back by Paul's messages.
    collegue = employeur(e, role=RoleEntreprise.RECRUTEUR)
    comptes.ecrire_au_conseiller(e, acting_user=collegue, destinataire_id=e.referent_id, message="Bonjour")
    # The window slides: once the oldest message is more than an hour old, one more goes out.
    plus_ancien = Notification.objects.filter(cle_idempotence__startswith=f"entreprise-message:{paul.pk}:").order_by(
        "created_at", "pk"
    )[0]
    Notification.objects.filter(pk=plus_ancien.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1, seconds=1)
    )
    comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="Un de plus")
    with pytest.raises(ValidationError, match="déjà envoyé 10 messages"):
        comptes.ecrire_au_conseiller(e, acting_user=paul, destinataire_id=e.referent_id, message="Encore un")
    # Just inside the hour still counts.
    maintenant = timezone.now()
    assert comptes.messages_recents(paul, maintenant=maintenant) == 10
    assert comptes.messages_recents(paul, maintenant=maintenant + datetime.timedelta(minutes=59)) == 10
    assert comptes.messages_recents(paul, maintenant=maintenant + datetime.timedelta(hours=1, seconds=1)) == 0
