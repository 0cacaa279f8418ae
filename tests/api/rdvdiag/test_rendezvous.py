"""Appointments through the partners' API: the booking page's slots, gate and actions, as a partner's software
calls them (bearer token of an API client of the organisation)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.models import JournalAcces
from francetravail.rendezvous.enums import Motif, StatutManquement, StatutRendezVous, StatutSuivi
from francetravail.rendezvous.models import (
    Creneau,
    HistoriqueRendezVous,
    ManquementAExaminer,
    RendezVous,
    SuiviRendezVous,
)
from francetravail.reseau.enums import Role
from tests.contrats.factories import orientation_notifiee
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory
from tests.partenaires.factories import appelant, client_api
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve

AGENDAS = reverse("v1:agenda-list")
CRENEAUX = reverse("v1:creneau-list")
RENDEZ_VOUS = reverse("v1:rendezvous-list")


def _rdv(pk):
    return reverse("v1:rendezvous-detail", kwargs={"pk": pk})


def _presence(pk):
    return reverse("v1:rendezvous-presence", kwargs={"pk": pk})


def _ids(reponse):
    assert reponse.status_code == 200, reponse.content
    return [r["id"] for r in reponse.json()["results"]]


def _etat():
    """What a refused request must leave unchanged."""
    return (
        sorted(RendezVous.objects.values_list("pk", "statut", "creneau_id", "motif")),
        sorted(Creneau.objects.values_list("pk", "nb_reservations")),
        HistoriqueRendezVous.objects.count(),
        ManquementAExaminer.objects.count(),
        sorted(SuiviRendezVous.objects.values_list("pk", "statut")),
    )


def _probleme(reponse, statut):
    assert reponse.status_code == statut, reponse.content
    assert reponse["Content-Type"].startswith("application/problem+json")
    corps = reponse.json()
    assert corps["status"] == statut
    return corps


# --- Agendas and free slots -------------------------------------------------------------------------------


def test_agendas_de_l_organisation_seulement(api, agenda):
    AgendaFactory()  # another organisation's
    AgendaFactory(organisation=agenda.organisation, actif=False)
    corps = api.get(AGENDAS).json()
    assert [a["id"] for a in corps["results"]] == [agenda.pk]
    assert corps["results"][0]["organisation"] == {"id": agenda.organisation_id, "nom": agenda.organisation.nom}
    assert api.get(reverse("v1:agenda-detail", kwargs={"pk": AgendaFactory().pk})).status_code == 404


def test_creneaux_libres_comme_la_page_de_reservation(api, agenda):
    libre = CreneauFactory(agenda=agenda)
    dernier_jour = CreneauFactory(agenda=agenda, debut=dans(59))  # within the booking page's horizon
    CreneauFactory(agenda=agenda, capacite=1, nb_reservations=1)  # full
    CreneauFactory(agenda=agenda, passe=True)
    CreneauFactory(agenda=agenda, actif=False)
    CreneauFactory(agenda=agenda, debut=dans(61))  # past the booking page's horizon (60 days)
    CreneauFactory()  # another organisation's agenda
    assert _ids(api.get(CRENEAUX)) == [libre.pk, dernier_jour.pk]
    assert api.get(CRENEAUX).json()["results"][0]["places_restantes"] == 1


def test_creneaux_filtres_agenda_motif_et_dates_bornes_incluses(api, agenda, org):
    autre_agenda = AgendaFactory(organisation=org)
    jour3 = CreneauFactory(agenda=agenda, debut=dans(3))
    jour5 = CreneauFactory(agenda=agenda, debut=dans(5), motif=Motif.SUIVI)
    ailleurs = CreneauFactory(agenda=autre_agenda, debut=dans(4))
    jour = (timezone.localdate() + timedelta(days=3)).isoformat()
    lendemain = (timezone.localdate() + timedelta(days=4)).isoformat()
    assert _ids(api.get(CRENEAUX, {"agenda": agenda.pk})) == [jour3.pk, jour5.pk]
    assert _ids(api.get(CRENEAUX, {"motif": Motif.SUIVI})) == [jour5.pk]
    assert _ids(api.get(CRENEAUX, {"du": jour, "au": jour})) == [jour3.pk]
    assert _ids(api.get(CRENEAUX, {"du": lendemain})) == [ailleurs.pk, jour5.pk]
    assert _ids(api.get(CRENEAUX, {"au": lendemain})) == [jour3.pk, ailleurs.pk]
    _probleme(api.get(CRENEAUX, {"du": "pas-une-date"}), 400)


def test_liste_des_creneaux_en_nombre_de_requetes_fixe(api, agenda, django_assert_max_num_queries):
    CreneauFactory(agenda=agenda)
    with django_assert_max_num_queries(12) as peu:
        api.get(CRENEAUX)
    for jour in range(2, 30):
        CreneauFactory(agenda=AgendaFactory(organisation=agenda.organisation), debut=dans(jour))
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert len(_ids(api.get(CRENEAUX))) == 29


# --- Reading appointments: the gate, the log --------------------------------------------------------------


def test_rendez_vous_des_personnes_du_portefeuille_seulement_et_journalises(api, logiciel, agenda, personne, org):
    mien = rdv_reserve(personne, CreneauFactory(agenda=agenda))
    autre = PersonneFactory()  # another organisation's person
    rdv_reserve(autre, CreneauFactory())

    corps = api.get(RENDEZ_VOUS).json()

    assert [r["id"] for r in corps["results"]] == [mien.pk]
    assert corps["results"][0]["creneau"]["agenda"]["organisation"]["nom"] == org.nom
    ligne = JournalAcces.objects.get(personne=personne)
    assert (ligne.user_id, ligne.organisation_id, ligne.partie, ligne.canal) == (
        logiciel.compte_id,
        org.pk,
        "synthese",
        "api",
    )
    assert not JournalAcces.objects.filter(personne=autre).exists()


def test_un_rendez_vous_d_une_autre_organisation_est_introuvable_comme_un_inconnu(api, personne, agenda):
    autre = rdv_reserve(PersonneFactory(), CreneauFactory())
    refus = _probleme(api.get(_rdv(autre.pk)), 404)
    inconnu = _probleme(api.get(_rdv(autre.pk + 1000)), 404)
    assert refus == inconnu
    assert not JournalAcces.objects.exists()
    mien = rdv_reserve(personne, CreneauFactory(agenda=agenda))
    assert api.get(_rdv(mien.pk)).json()["statut"] == "reserve"
    assert JournalAcces.objects.filter(personne=personne, canal="api", partie="synthese").count() == 1


def test_filtres_des_rendez_vous(api, agenda, personne, org):
    autre_personne = PersonneFactory(organisme_referent=org)
    a = rdv_reserve(personne, CreneauFactory(agenda=agenda, debut=dans(3)))
    b = rdv_reserve(autre_personne, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(5)))
    c = RendezVous.objects.create(personne=personne, creneau=CreneauFactory(agenda=agenda, debut=dans(7)))
    jour5 = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert _ids(api.get(RENDEZ_VOUS, {"personne": personne.pk})) == [a.pk, c.pk]
    assert _ids(api.get(RENDEZ_VOUS, {"agenda": agenda.pk})) == [a.pk, c.pk]
    assert _ids(api.get(RENDEZ_VOUS, {"statut": "propose"})) == [c.pk]
    assert _ids(api.get(RENDEZ_VOUS + "?statut=propose&statut=reserve")) == [a.pk, b.pk, c.pk]
    assert _ids(api.get(RENDEZ_VOUS, {"du": jour5, "au": jour5})) == [b.pk]
    assert _ids(api.get(RENDEZ_VOUS, {"du": jour5})) == [b.pk, c.pk]
    _probleme(api.get(RENDEZ_VOUS, {"statut": "inconnu"}), 400)


def test_liste_des_rendez_vous_en_nombre_de_requetes_fixe(api, agenda, org, django_assert_max_num_queries):
    rdv_reserve(PersonneFactory(organisme_referent=org), CreneauFactory(agenda=agenda))
    with django_assert_max_num_queries(14) as peu:
        api.get(RENDEZ_VOUS)
    for jour in range(2, 22):
        personne = PersonneFactory(organisme_referent=org)
        rdv_reserve(personne, CreneauFactory(agenda=AgendaFactory(organisation=org), debut=dans(jour)))
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert len(_ids(api.get(RENDEZ_VOUS))) == 21
    assert JournalAcces.objects.filter(canal="api").count() == 22


def test_sans_jeton_jeton_expire_mauvaise_portee_et_role_refuses(logiciel, org, agenda):
    from rest_framework.test import APIClient

    assert APIClient().get(RENDEZ_VOUS).status_code in (401, 403)
    assert appelant(logiciel, expire_dans=timedelta(seconds=-1)).get(RENDEZ_VOUS).status_code == 401
    _probleme(appelant(logiciel, portees=["personnes:read"]).get(RENDEZ_VOUS), 403)
    # The organisation's admin opens the agendas' pages but follows no one: the people's appointments are
    # not theirs (the person page refuses them), the agendas are.
    admin = appelant(client_api(org, role=Role.ADMIN_ORGANISATION))
    _probleme(admin.get(RENDEZ_VOUS), 403)
    assert admin.get(AGENDAS).status_code == 200


# --- Booking --------------------------------------------------------------------------------------------


def _reserver(api, personne, creneau, cle=None, **extra):
    entetes = {"HTTP_IDEMPOTENCY_KEY": cle} if cle else {}
    return api.post(RENDEZ_VOUS, {"personne": personne.pk, "creneau": creneau.pk, **extra}, format="json", **entetes)


def test_reserver_par_l_action_de_la_page(api, logiciel, personne, agenda):
    creneau = CreneauFactory(agenda=agenda)
    reponse = _reserver(api, personne, creneau)
    assert reponse.status_code == 201, reponse.content
    rdv = RendezVous.objects.get(personne=personne)
    assert reponse["Location"] == _rdv(rdv.pk)
    assert (rdv.statut, rdv.reserve_par_id) == (StatutRendezVous.RESERVE, logiciel.compte_id)
    assert Creneau.objects.get(pk=creneau.pk).nb_reservations == 1
    historique = HistoriqueRendezVous.objects.get(rendez_vous=rdv)
    assert (historique.user_id, historique.statut_apres) == (logiciel.compte_id, "reserve")
    assert SuiviRendezVous.objects.get(personne=personne).statut == StatutSuivi.RDV_PRIS
    assert reponse.json()["creneau"]["id"] == creneau.pk


def test_reservation_rejouee_avec_la_meme_cle_ne_reserve_qu_une_fois(api, personne, agenda):
    creneau = CreneauFactory(agenda=agenda, collectif=True)
    premiere = _reserver(api, personne, creneau, cle="rsa-2026-0001")
    seconde = _reserver(api, personne, creneau, cle="rsa-2026-0001")
    assert (premiere.status_code, seconde.status_code) == (201, 201)
    assert seconde["Idempotency-Replayed"] == "true"
    assert seconde.json() == premiere.json()
    assert RendezVous.objects.filter(personne=personne).count() == 1
    assert Creneau.objects.get(pk=creneau.pk).nb_reservations == 1
    autre = CreneauFactory(agenda=agenda, debut=dans(4))
    _probleme(_reserver(api, personne, autre, cle="rsa-2026-0001"), 422)


def test_personne_que_l_appelant_ne_voit_pas_404_rien_ne_change(api, agenda):
    inconnue = PersonneFactory()
    creneau = CreneauFactory(agenda=agenda)
    avant = _etat()
    _probleme(_reserver(api, inconnue, creneau), 404)
    assert _etat() == avant


def test_creneau_d_un_agenda_d_une_autre_organisation_refuse(api, personne):
    ailleurs = CreneauFactory()
    avant = _etat()
    corps = _probleme(_reserver(api, personne, ailleurs), 400)
    assert "creneau" in corps["erreurs"]
    assert _etat() == avant


def test_creneau_complet_409_avec_la_raison_en_francais(api, personne, agenda, org):
    creneau = CreneauFactory(agenda=agenda, capacite=1)
    assert _reserver(api, personne, creneau).status_code == 201
    autre = PersonneFactory(organisme_referent=org)
    avant = _etat()
    corps = _probleme(_reserver(api, autre, creneau), 409)
    assert "complet" in corps["detail"]
    assert corps["title"] == "Conflit"
    assert _etat() == avant


def test_creneau_passe_refuse_400(api, personne, agenda):
    creneau = CreneauFactory(agenda=agenda, passe=True)
    avant = _etat()
    assert "passé" in _probleme(_reserver(api, personne, creneau), 400)["detail"]
    assert _etat() == avant


def test_ecrire_demande_la_portee_rendezvous_write(logiciel, personne, agenda):
    creneau = CreneauFactory(agenda=agenda)
    lecteur = appelant(logiciel, portees=["rendezvous:read"])
    _probleme(_reserver(lecteur, personne, creneau), 403)
    assert not RendezVous.objects.exists()


def _a(jours, heure=9):
    from datetime import datetime

    jour = timezone.localdate() + timedelta(days=jours)
    return timezone.make_aware(datetime(jour.year, jour.month, jour.day, heure))


def test_premier_rendez_vous_apres_la_date_limite_demande_une_derogation(api, personne, agenda):
    """Notified 5 days ago: day 15 (in 10 days) is in time, day 16 (in 11 days) is late."""
    orientation_notifiee(personne, notifiee_le=_a(-5))
    a_temps = CreneauFactory(agenda=agenda, debut=dans(10, heure=18), motif=Motif.SUIVI)
    en_retard = CreneauFactory(agenda=agenda, debut=dans(11, heure=8), motif=Motif.SUIVI)
    avant = _etat()
    refus = _probleme(_reserver(api, personne, en_retard), 400)
    assert "Indiquez pourquoi le premier rendez-vous" in refus["erreurs"]["derogation"][0]
    assert _etat() == avant
    reponse = _reserver(api, personne, en_retard, derogation="Personne hospitalisée jusqu'au 20.")
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["hors_delai_motif"] == "Personne hospitalisée jusqu'au 20."
    assert reponse.json()["premier_rendez_vous"] is True
    # Day 15 is in time: no reason asked (another person of the same organisation).
    autre = PersonneFactory(organisme_referent=agenda.organisation)
    orientation_notifiee(autre, notifiee_le=_a(-5))
    assert _reserver(api, autre, a_temps).json()["hors_delai_motif"] == ""


# --- Attendance -----------------------------------------------------------------------------------------


@pytest.fixture
def commence(personne, agenda):
    return rdv_reserve(personne, CreneauFactory(agenda=agenda, passe=True))


def test_presence_honoree(api, commence, logiciel):
    reponse = api.post(_presence(commence.pk), {"statut": "honore"}, format="json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == "honore"
    assert SuiviRendezVous.objects.get(personne=commence.personne).statut == StatutSuivi.HONORE
    assert HistoriqueRendezVous.objects.get(rendez_vous=commence).user_id == logiciel.compte_id


def test_absence_ouvre_un_manquement_a_examiner_et_rien_d_autre(api, commence):
    assert api.post(_presence(commence.pk), {"statut": "absent"}, format="json").status_code == 200
    manquement = ManquementAExaminer.objects.get(rendez_vous=commence)
    assert manquement.statut == StatutManquement.A_EXAMINER


def test_excuse_sans_motif_refusee(api, commence):
    avant = _etat()
    corps = _probleme(api.post(_presence(commence.pk), {"statut": "excuse"}, format="json"), 400)
    assert "motif" in corps["erreurs"]
    assert _etat() == avant
    ok = api.post(_presence(commence.pk), {"statut": "excuse", "motif": "Enfant malade"}, format="json")
    assert ok.json()["motif"] == "Enfant malade"


def test_presence_avant_l_heure_du_rendez_vous_refusee(api, personne, agenda):
    futur = rdv_reserve(personne, CreneauFactory(agenda=agenda))
    avant = _etat()
    assert "à partir de l'heure" in _probleme(api.post(_presence(futur.pk), {"statut": "honore"}), 400)["detail"]
    assert _etat() == avant


def test_correction_demande_sa_raison_comme_la_page(api, commence):
    api.post(_presence(commence.pk), {"statut": "honore"}, format="json")
    avant = _etat()
    corps = _probleme(api.post(_presence(commence.pk), {"statut": "absent"}, format="json"), 400)
    assert "correction" in corps["erreurs"]
    assert _etat() == avant
    reponse = api.post(_presence(commence.pk), {"statut": "absent", "correction": "Erreur de saisie"}, format="json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == "absent"
    assert ManquementAExaminer.objects.filter(rendez_vous=commence).exists()
    assert HistoriqueRendezVous.objects.filter(rendez_vous=commence, motif="Correction : Erreur de saisie").exists()


def test_presence_d_un_agenda_d_une_autre_organisation_404(logiciel, org, personne):
    """The person is followed by ``org`` but the appointment is in another organisation's agenda (involved
    in the file): ``org`` reads it, but records attendance only in its own agendas, as on the page."""
    ailleurs = OrganisationFactory(departement_id="59")
    ImplicationFactory(personne=personne, organisation=ailleurs)
    rdv = rdv_reserve(personne, CreneauFactory(agenda=AgendaFactory(organisation=ailleurs), passe=True))
    api = appelant(logiciel)
    assert api.get(_rdv(rdv.pk)).status_code == 200
    avant = _etat()
    _probleme(api.post(_presence(rdv.pk), {"statut": "honore"}, format="json"), 404)
    assert _etat() == avant


def test_un_decideur_lit_mais_ne_note_pas_la_presence(personne, commence):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = appelant(client_api(cd, role=Role.DECIDEUR_DEPARTEMENTAL))
    assert decideur.get(_rdv(commence.pk)).status_code == 200
    avant = _etat()
    # The decider's role may hold rendezvous:write, but the attendance page is not theirs: same 404.
    _probleme(decideur.post(_presence(commence.pk), {"statut": "honore"}, format="json"), 404)
    assert _etat() == avant


def test_liste_des_agendas_en_nombre_de_requetes_fixe(api, org, django_assert_max_num_queries):
    AgendaFactory(organisation=org)
    with django_assert_max_num_queries(12) as peu:
        api.get(AGENDAS)
    for _ in range(20):
        AgendaFactory(organisation=org)
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert len(_ids(api.get(AGENDAS))) == 21


def test_presence_rejouee_avec_la_meme_cle_redonne_la_reponse(api, commence):
    """A partner's software that retries after a timeout gets the recorded answer, not « déjà enregistrée »."""
    corps = {"statut": "absent"}
    premiere = api.post(_presence(commence.pk), corps, format="json", HTTP_IDEMPOTENCY_KEY="presence-1")
    seconde = api.post(_presence(commence.pk), corps, format="json", HTTP_IDEMPOTENCY_KEY="presence-1")
    assert (premiere.status_code, seconde.status_code) == (200, 200)
    assert seconde["Idempotency-Replayed"] == "true"
    assert ManquementAExaminer.objects.filter(rendez_vous=commence).count() == 1
    assert HistoriqueRendezVous.objects.filter(rendez_vous=commence).count() == 1


def test_une_absence_deja_examinee_ne_se_corrige_plus(api, commence):
    api.post(_presence(commence.pk), {"statut": "absent"}, format="json")
    ManquementAExaminer.objects.filter(rendez_vous=commence).update(statut=StatutManquement.RETENUE)
    avant = _etat()
    corps = _probleme(
        api.post(_presence(commence.pk), {"statut": "honore", "correction": "Erreur"}, format="json"), 400
    )
    assert "déjà examinée" in corps["detail"]
    assert _etat() == avant
