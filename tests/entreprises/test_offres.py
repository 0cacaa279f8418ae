"""Offers' actions (entreprises.offres): drafting and its checks, submission through the compliance
check, review, publication, withdrawal, filled, expiry, the conseiller recrutement; who may do
each step, audit rows and what the outbox sends."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entreprises import acces, conformite, offres
from entreprises.enums import (
    OrigineCandidature,
    RoleEntreprise,
    StatutCandidature,
    StatutMembre,
    StatutOffre,
    TypeTache,
)
from entreprises.models import Candidature, Offre, TacheConseiller
from entreprises.tasks import expirer_offres
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.entreprises import factories as f
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

SO = StatutOffre
D = datetime.date


def aujourdhui():
    return timezone.localdate()


def valeurs(**kw):
    return {
        "titre": "Boulanger ou boulangère (H/F)",
        "fiche_rome": "D1102",
        "description": "Fabrication du pain et des viennoiseries, du mardi au samedi.",
        "type_contrat": "cdi",
        "duree_mois": None,
        "temps_travail": "plein",
        "heures_hebdo": Decimal(35),
        "salaire_min": Decimal(1900),
        "salaire_max": None,
        "commune": "59350",
        "date_debut": aujourdhui() + datetime.timedelta(days=15),
        "nb_postes": 1,
        "conditions_handicap": "",
        "langues": [],
        "competences": ["Pétrissage", "Façonnage"],
        **kw,
    }


class Scene:
    """Company E (Lille, 59) whose référent R works at France Travail agency A (59). Around it:
    its members, a colleague of R at A, a conseiller of another France Travail agency of the
    Nord (reviews by département), a Mission locale conseiller of the Nord and a France Travail
    conseiller of the Pas-de-Calais (neither manages E), a pilote of A, a person, and the admin
    of another company."""

    def __init__(self):
        self.agence = OrganisationFactory(departement_id="59")
        self.referent = professionnel(self.agence)
        self.entreprise = f.entreprise(referent=self.referent, organisation_referente=self.agence)
        self.admin = f.employeur(self.entreprise)
        self.recruteur = f.employeur(self.entreprise, role=RoleEntreprise.RECRUTEUR)
        self.en_attente = f.employeur(self.entreprise, statut=StatutMembre.EN_ATTENTE)
        self.autre_employeur = f.employeur(f.entreprise(nom="Autre entreprise"))
        self.collegue = professionnel(self.agence)
        self.conseiller_59 = professionnel(OrganisationFactory(departement_id="59"))
        self.mission_locale_59 = professionnel(OrganisationFactory(mission_locale=True, departement_id="59"))
        self.conseiller_62 = professionnel(OrganisationFactory(departement_id="62"))
        self.pilote = professionnel(self.agence, Role.PILOTE)
        self.personne = PersonneFactory(avec_compte=True).user

    def brouillon(self, **kw):
        return offres.creer(self.entreprise, acting_user=self.admin, **valeurs(**kw))

    def publiee(self, **kw):
        return offres.soumettre(self.brouillon(**kw), acting_user=self.admin)

    def a_valider(self, **kw):
        offre = offres.soumettre(
            self.brouillon(description="Serveuse uniquement, moins de 30 ans.", **kw), acting_user=self.admin
        )
        assert offre.statut == SO.A_VALIDER
        return offre


@pytest.fixture
def s():
    return Scene()


def audits(offre):
    return list(
        AuditEvent.objects.filter(event_type=TypeEvenement.OFFRE_TRANSITION, data__offre=offre.pk)
        .order_by("pk")
        .values_list("data__transition", flat=True)
    )


# --- Drafting ---------------------------------------------------------------------------------------


def test_les_membres_actifs_et_les_conseillers_qui_suivent_l_entreprise_redigent(s):
    for auteur in (s.admin, s.recruteur, s.referent, s.collegue):
        offre = offres.creer(s.entreprise, acting_user=auteur, **valeurs())
        assert (offre.statut, offre.cree_par, offre.domaine, offre.departement) == (SO.BROUILLON, auteur, "D11", "59")
        assert audits(offre) == ["creation"]


@pytest.mark.parametrize(
    "qui",
    ["en_attente", "autre_employeur", "conseiller_59", "mission_locale_59", "conseiller_62", "pilote", "personne"],
)
def test_les_autres_ne_redigent_pas(s, qui):
    with pytest.raises(ValidationError) as exc:
        offres.creer(s.entreprise, acting_user=getattr(s, qui), **valeurs())
    assert exc.value.messages == [offres.REFUS_REDIGER]
    assert not Offre.objects.filter(entreprise=s.entreprise).exists()


def _erreurs(s, **kw):
    try:
        s.brouillon(**kw)
    except ValidationError as e:
        return e.message_dict
    return {}


@pytest.mark.parametrize(
    ("champs", "erreur"),
    [
        ({"temps_travail": "partiel", "heures_hebdo": Decimal("34.9")}, None),
        ({"temps_travail": "partiel", "heures_hebdo": Decimal("35")}, "heures_hebdo"),
        ({"temps_travail": "plein", "heures_hebdo": Decimal("35")}, None),
        ({"temps_travail": "plein", "heures_hebdo": Decimal("34.9")}, "heures_hebdo"),
        ({"temps_travail": "plein", "heures_hebdo": Decimal("48")}, None),
        ({"temps_travail": "plein", "heures_hebdo": Decimal("48.5")}, "heures_hebdo"),
        ({"type_contrat": "cdd", "duree_mois": None}, "duree_mois"),
        ({"type_contrat": "cdd", "duree_mois": 6}, None),
        ({"type_contrat": "interim", "duree_mois": None}, "duree_mois"),
        ({"type_contrat": "saisonnier", "duree_mois": None}, "duree_mois"),
        ({"type_contrat": "alternance", "duree_mois": 24}, None),
        ({"type_contrat": "cdi", "duree_mois": 12}, "duree_mois"),
        ({"type_contrat": "aide_iae", "duree_mois": None}, None),
        ({"salaire_min": Decimal(2000), "salaire_max": Decimal("1999.99")}, "salaire_max"),
        ({"salaire_min": Decimal(2000), "salaire_max": Decimal(2000)}, None),
        ({"date_debut": D.today() - datetime.timedelta(days=1)}, "date_debut"),
        ({"fiche_rome": "Z9999"}, "fiche_rome"),
        ({"commune": "00000"}, "commune"),
    ],
)
def test_les_regles_de_saisie_sont_verifiees_de_part_et_d_autre_de_leurs_bornes(s, champs, erreur):
    if "date_debut" in champs:
        champs["date_debut"] = aujourdhui() - datetime.timedelta(days=1)
    erreurs = _erreurs(s, **champs)
    if erreur is None:
        assert erreurs == {}
    else:
        assert list(erreurs) == [erreur], erreurs


def test_la_prise_de_poste_peut_etre_aujourd_hui_mais_pas_hier(s):
    assert _erreurs(s, date_debut=aujourdhui()) == {}
    assert _erreurs(s, date_debut=aujourdhui() - datetime.timedelta(days=1)) == {
        "date_debut": ["La date de prise de poste est passée : indiquez une date à venir."]
    }


def test_un_brouillon_se_modifie_par_ses_redacteurs_et_une_offre_publiee_ne_se_modifie_plus(s):
    offre = s.brouillon()
    offres.modifier(
        offre,
        acting_user=s.recruteur,
        titre="Boulanger de nuit (H/F)",
        heures_hebdo=Decimal(39),
        salaire_min=Decimal(2100),
    )
    offre.refresh_from_db()
    assert (offre.titre, offre.heures_hebdo) == ("Boulanger de nuit (H/F)", Decimal(39))
    assert audits(offre) == ["creation", "modification"]
    with pytest.raises(ValidationError):
        offres.modifier(offre, acting_user=s.autre_employeur, titre="x")
    offres.soumettre(offre, acting_user=s.admin)
    for qui in (s.admin, s.referent):
        with pytest.raises(ValidationError) as exc:
            offres.modifier(offre, acting_user=qui, titre="Autre titre")
        assert "ne se modifie plus" in exc.value.messages[0]


def test_une_modification_invalide_ne_change_rien(s):
    offre = s.brouillon()
    with pytest.raises(ValidationError) as exc:
        offres.modifier(offre, acting_user=s.admin, temps_travail="partiel")
    assert "heures_hebdo" in exc.value.message_dict
    offre.refresh_from_db()
    assert offre.temps_travail == "plein"


# --- Submission ----------------------------------------------------------------------------------------


def test_une_offre_sans_remarque_est_publiee_a_sa_soumission(s):
    offre = s.brouillon()
    avant = timezone.now()
    offre = offres.soumettre(offre, acting_user=s.admin)
    offre.refresh_from_db()
    assert offre.statut == SO.PUBLIEE
    assert offre.conformite == []
    assert offre.publiee_le >= avant
    assert offre.expire_le == aujourdhui() + datetime.timedelta(days=60)
    assert offre.conseiller_recrutement == s.referent
    assert audits(offre) == ["creation", "soumission"]


def test_une_offre_avec_des_points_releves_attend_un_conseiller(s):
    offre = s.a_valider()
    offre.refresh_from_db()
    assert offre.publiee_le is None and offre.expire_le is None
    assert {c["motif"] for c in offre.conformite} == {conformite.SEXE, conformite.AGE}
    assert {c["extrait"] for c in offre.conformite} == {"Serveuse uniquement", "moins de 30 ans"}
    [mail] = Notification.objects.filter(destinataire=s.referent, modele="entreprises/offre_a_valider")
    sujet, corps = rendre_courriel(mail)
    assert "Boulanger" in sujet and "2 points" in corps
    assert f"/conseiller/offres/{offre.pk}/" in corps


def test_un_salaire_sous_le_smic_est_examine(s):
    offre = offres.soumettre(s.brouillon(salaire_min=Decimal("1500")), acting_user=s.admin)
    assert offre.statut == SO.A_VALIDER
    assert [c["champ"] for c in offre.conformite] == ["Salaire minimum"]


def test_une_date_passee_depuis_le_brouillon_empeche_la_soumission(s):
    offre = s.brouillon()
    Offre.objects.filter(pk=offre.pk).update(date_debut=aujourdhui() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        offres.soumettre(offre, acting_user=s.admin)
    assert "date_debut" in exc.value.message_dict
    offre.refresh_from_db()
    assert offre.statut == SO.BROUILLON


def test_on_ne_soumet_qu_un_brouillon(s):
    offre = s.publiee()
    with pytest.raises(ValidationError) as exc:
        offres.soumettre(offre, acting_user=s.admin)
    assert exc.value.messages == ["L'offre est « publiée » : cette étape n'est plus possible."]


def test_un_conseiller_qui_suit_l_entreprise_soumet_pour_elle_sans_la_connaitre_sinon(s):
    offre = offres.creer(s.entreprise, acting_user=s.collegue, **valeurs())
    with pytest.raises(ValidationError):
        offres.soumettre(offre, acting_user=s.conseiller_62)
    assert offres.soumettre(offre, acting_user=s.collegue).statut == SO.PUBLIEE


# --- Review -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["referent", "collegue", "conseiller_59"])
def test_les_conseillers_de_l_entreprise_et_des_agences_du_departement_publient_avec_un_motif(s, qui):
    offre = s.a_valider()
    conseiller = getattr(s, qui)
    with pytest.raises(ValidationError) as exc:
        offres.publier(offre, acting_user=conseiller, motif="  ")
    assert list(exc.value.message_dict) == ["motif"]
    offre = offres.publier(offre, acting_user=conseiller, motif="Rôle de comédienne, l'âge est celui du rôle.")
    offre.refresh_from_db()
    assert offre.statut == SO.PUBLIEE
    assert (offre.validee_par, offre.motif_validation) == (conseiller, "Rôle de comédienne, l'âge est celui du rôle.")
    assert offre.expire_le == aujourdhui() + datetime.timedelta(days=60)
    assert offre.conseiller_recrutement == s.referent  # the company's référent, whoever publishes
    assert audits(offre)[-1] == "publication"
    [mail] = Notification.objects.filter(destinataire=s.admin, modele="entreprises/offre_publiee")
    assert "Rôle de comédienne" not in rendre_courriel(mail)[1]


@pytest.mark.parametrize("qui", ["mission_locale_59", "conseiller_62", "pilote", "admin", "personne"])
def test_les_autres_ne_publient_ni_ne_renvoient(s, qui):
    offre = s.a_valider()
    for action in (offres.publier, offres.renvoyer):
        with pytest.raises(ValidationError) as exc:
            action(offre, acting_user=getattr(s, qui), motif="Motif.")
        assert exc.value.messages == [offres.REFUS_EXAMINER]
    offre.refresh_from_db()
    assert offre.statut == SO.A_VALIDER


def test_renvoyer_en_brouillon_previent_l_employeur_sans_le_motif_dans_le_courriel(s):
    offre = s.a_valider()
    offres.renvoyer(offre, acting_user=s.conseiller_59, motif="Retirez la limite d'âge et « uniquement ».")
    offre.refresh_from_db()
    assert (offre.statut, offre.validee_par, offre.motif_validation) == (
        SO.BROUILLON,
        s.conseiller_59,
        "Retirez la limite d'âge et « uniquement ».",
    )
    [mail] = Notification.objects.filter(destinataire=s.admin, modele="entreprises/offre_renvoyee")
    sujet, corps = rendre_courriel(mail)
    assert "à corriger" in sujet
    assert "limite d'âge" not in corps
    assert f"/entreprise/offres/{offre.pk}/" in corps
    assert audits(offre)[-2:] == ["soumission", "renvoi"]


def test_l_offre_renvoyee_se_corrige_et_se_publie_a_la_nouvelle_soumission(s):
    offre = s.a_valider()
    offres.renvoyer(offre, acting_user=s.referent, motif="À corriger.")
    offres.modifier(offre, acting_user=s.admin, description="Service en salle, du mardi au samedi.")
    offre = offres.soumettre(offre, acting_user=s.admin)
    assert (offre.statut, offre.conformite) == (SO.PUBLIEE, [])


def test_un_relecteur_modifie_l_offre_a_valider_et_les_points_sont_recalcules(s):
    offre = s.a_valider()
    with pytest.raises(ValidationError):
        offres.modifier(offre, acting_user=s.admin, description="Service en salle.")  # the employer waits
    offres.modifier(offre, acting_user=s.conseiller_59, description="Service en salle, moins de 30 ans.")
    offre.refresh_from_db()
    assert [c["extrait"] for c in offre.conformite] == ["moins de 30 ans"]
    offres.modifier(offre, acting_user=s.conseiller_59, description="Service en salle.")
    offre.refresh_from_db()
    assert offre.conformite == []
    assert offre.statut == SO.A_VALIDER  # publishing stays a decision, with its reason


# --- Closing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("etat", ["brouillon", "a_valider", "publiee"])
def test_l_employeur_retire_son_offre_a_tout_moment_avant_sa_cloture(s, etat):
    offre = {"brouillon": s.brouillon, "a_valider": s.a_valider, "publiee": s.publiee}[etat]()
    with pytest.raises(ValidationError):
        offres.retirer(offre, acting_user=s.conseiller_62)
    offres.retirer(offre, acting_user=s.recruteur)
    offre.refresh_from_db()
    assert offre.statut == SO.RETIREE and offre.cloturee_le is not None
    with pytest.raises(ValidationError):
        offres.retirer(offre, acting_user=s.admin)
    assert audits(offre)[-1] == "retrait"


def test_pourvue_par_l_employeur_ou_le_conseiller_recrutement(s):
    offre = s.publiee()
    with pytest.raises(ValidationError):
        offres.pourvoir(offre, s.autre_employeur)
    offres.pourvoir(offre, s.referent)
    offre.refresh_from_db()
    assert offre.statut == SO.POURVUE and offre.cloturee_le is not None
    with pytest.raises(ValidationError):
        offres.pourvoir(offre, s.admin)


def _embauche(offre):
    c = Candidature.objects.create(offre=offre, personne=PersonneFactory(), origine=OrigineCandidature.CANDIDATURE)
    Candidature.objects.filter(pk=c.pk).update(statut=StatutCandidature.EMBAUCHE)


def test_pourvue_par_les_embauches_quand_elles_atteignent_le_nombre_de_postes(s):
    offre = s.publiee(nb_postes=2)
    _embauche(offre)
    with pytest.raises(ValidationError) as exc:
        offres.pourvoir(offre, s.admin, par_embauche=True)
    assert exc.value.messages == ["1 embauche(s) pour 2 poste(s) : l'offre n'est pas encore pourvue."]
    _embauche(offre)
    offres.pourvoir(offre, s.admin, motif="Tous les postes sont pourvus.", par_embauche=True)
    offre.refresh_from_db()
    assert offre.statut == SO.POURVUE
    # Each hire may call it again: an offer filled already is left as it is.
    assert offres.pourvoir(offre, s.admin, par_embauche=True).statut == SO.POURVUE
    assert audits(offre).count("pourvue") == 1


def test_l_offre_expire_le_lendemain_de_son_dernier_jour(s, taches_immediates):
    offre = s.publiee()
    dernier_jour = offre.expire_le
    veille_minuit = timezone.make_aware(datetime.datetime.combine(dernier_jour, datetime.time(23, 59)))
    assert expirer_offres(maintenant=veille_minuit.isoformat()) == 0
    offre.refresh_from_db()
    assert offre.statut == SO.PUBLIEE
    lendemain = timezone.make_aware(
        datetime.datetime.combine(dernier_jour + datetime.timedelta(days=1), datetime.time(0, 40))
    )
    assert expirer_offres(maintenant=lendemain.isoformat()) == 1
    offre.refresh_from_db()
    assert offre.statut == SO.EXPIREE and offre.cloturee_le == lendemain
    assert expirer_offres(maintenant=lendemain.isoformat()) == 0  # idempotent
    assert audits(offre)[-1] == "expiration"
    [mail] = Notification.objects.filter(destinataire=s.admin, modele="entreprises/offre_expiree")
    assert f"{dernier_jour:%d/%m/%Y}" in rendre_courriel(mail)[1]
    assert AuditEvent.objects.filter(event_type=TypeEvenement.OFFRE_TRANSITION, acting_user=None).exists()


def test_la_cloture_d_une_offre_clot_sa_relance(s):
    offre = s.publiee()
    tache = TacheConseiller.objects.create(
        type_tache=TypeTache.RELANCE_30J,
        entreprise=s.entreprise,
        offre=offre,
        conseiller=s.referent,
        echeance=timezone.now(),
    )
    offres.pourvoir(offre, s.admin)
    tache.refresh_from_db()
    assert tache.faite_le is not None and tache.compte_rendu == "Offre pourvue : relance sans objet."


# --- The conseiller recrutement -----------------------------------------------------------------------


def test_le_conseiller_recrutement_est_redesigne_par_qui_suit_l_entreprise(s):
    offre = s.publiee()
    tache = TacheConseiller.objects.create(
        type_tache=TypeTache.RELANCE_30J,
        entreprise=s.entreprise,
        offre=offre,
        conseiller=s.referent,
        echeance=timezone.now(),
    )
    with pytest.raises(ValidationError) as exc:
        offres.changer_conseiller(offre, acting_user=s.conseiller_62, conseiller=s.collegue)
    assert exc.value.messages == [offres.REFUS_CONSEILLER]
    with pytest.raises(ValidationError) as exc:
        offres.changer_conseiller(offre, acting_user=s.referent, conseiller=s.conseiller_62)  # not eligible
    assert list(exc.value.message_dict) == ["conseiller"]
    offres.changer_conseiller(offre, acting_user=s.referent, conseiller=s.collegue)
    offre.refresh_from_db()
    tache.refresh_from_db()
    assert offre.conseiller_recrutement == tache.conseiller == s.collegue
    assert AuditEvent.objects.filter(
        data__transition="conseiller_recrutement", data__conseiller_apres=s.collegue.pk
    ).exists()


def test_sans_referent_le_conseiller_qui_publie_suit_l_offre(s):
    s.entreprise.referent = None
    s.entreprise.save(update_fields=["referent"])
    offre = s.a_valider()
    offres.publier(offre, acting_user=s.conseiller_59, motif="Formulations corrigées avec l'employeur.")
    offre.refresh_from_db()
    assert offre.conseiller_recrutement == s.conseiller_59


def test_les_etapes_possibles_selon_l_utilisateur_et_l_etat(s):
    brouillon = s.brouillon()
    assert acces.etapes_possibles(s.admin, brouillon) == {"modifier", "soumettre", "retirer"}
    assert acces.etapes_possibles(s.referent, brouillon) == {"modifier", "soumettre", "retirer", "conseiller"}
    assert acces.etapes_possibles(s.conseiller_62, brouillon) == set()
    a_valider = s.a_valider()
    assert acces.etapes_possibles(s.admin, a_valider) == {"retirer"}
    assert acces.etapes_possibles(s.conseiller_59, a_valider) == {"modifier", "publier", "renvoyer"}
    publiee = s.publiee()
    assert acces.etapes_possibles(s.admin, publiee) == {"retirer", "pourvoir"}
    assert acces.etapes_possibles(s.conseiller_59, publiee) == set()
    assert acces.etapes_possibles(UserFactory(employeur=True), publiee) == set()
