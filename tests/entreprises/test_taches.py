"""The conseillers' follow-up tasks (entreprises.taches): the 48-hour callback of a new employer,
the 30-day follow-up of an unfilled offer (the daily sweep), the to-do list and its report."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entreprises import offres, taches
from entreprises.enums import StatutOffre, TypeTache
from entreprises.models import TacheConseiller
from entreprises.tasks import creer_relances_offres
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from tests.entreprises import factories as f
from tests.entreprises.test_offres import Scene, valeurs
from tests.factories import OrganisationFactory, professionnel

PARIS = ZoneInfo("Europe/Paris")
H = datetime.timedelta(hours=1)
TACHES = "/conseiller/taches-entreprises/"


@pytest.fixture
def s():
    return Scene()


def a_paris(jour, heure=10, minute=0):
    return datetime.datetime.combine(jour, datetime.time(heure, minute), tzinfo=PARIS)


def test_les_urls_sont_bien_nommees():
    assert reverse("backoffice:taches_entreprises") == TACHES
    assert reverse("backoffice:tache_entreprise_faite", kwargs={"pk": 4}) == "/conseiller/taches-entreprises/4/faite/"


# --- The 48-hour callback --------------------------------------------------------------------------


def test_la_premiere_offre_soumise_cree_le_rappel_du_referent_dans_48_heures(s):
    soumise_le = timezone.now()
    offre = offres.soumettre(s.brouillon(), acting_user=s.admin, maintenant=soumise_le)
    [tache] = TacheConseiller.objects.filter(type_tache=TypeTache.RAPPEL_48H)
    assert (tache.entreprise, tache.offre, tache.conseiller, tache.organisation) == (
        s.entreprise,
        None,
        s.referent,
        s.agence,
    )
    assert tache.echeance == soumise_le + datetime.timedelta(hours=48)
    [mail] = Notification.objects.filter(destinataire=s.referent, modele="entreprises/offre_rappel_48h")
    sujet, corps = rendre_courriel(mail)
    assert s.entreprise.nom in sujet and TACHES in corps
    # A second offer, and a resubmission, create nothing more.
    offres.soumettre(s.brouillon(), acting_user=s.recruteur)
    offres.retirer(offre, acting_user=s.admin)
    assert TacheConseiller.objects.filter(type_tache=TypeTache.RAPPEL_48H).count() == 1


def test_pas_de_rappel_quand_le_conseiller_soumet_pour_l_employeur(s):
    offre = offres.creer(s.entreprise, acting_user=s.referent, **valeurs())
    offres.soumettre(offre, acting_user=s.collegue)
    assert not TacheConseiller.objects.filter(type_tache=TypeTache.RAPPEL_48H).exists()


def test_une_offre_a_valider_compte_comme_premiere_soumission(s):
    s.a_valider()
    assert TacheConseiller.objects.filter(type_tache=TypeTache.RAPPEL_48H, entreprise=s.entreprise).count() == 1


def test_une_entreprise_qui_a_deja_publie_n_est_pas_un_nouvel_employeur(s):
    f.offre(s.entreprise, statut=StatutOffre.PUBLIEE)  # published before the tasks existed
    offres.soumettre(s.brouillon(), acting_user=s.admin)
    assert not TacheConseiller.objects.filter(type_tache=TypeTache.RAPPEL_48H).exists()


def test_sans_referent_le_rappel_est_partage_par_l_organisation(s):
    s.entreprise.referent = None
    s.entreprise.save(update_fields=["referent"])
    offres.soumettre(s.brouillon(), acting_user=s.admin)
    tache = TacheConseiller.objects.get(type_tache=TypeTache.RAPPEL_48H)
    assert tache.conseiller is None and tache.organisation == s.agence
    assert list(taches.taches_de(s.collegue)) == [tache]
    assert list(taches.taches_de(s.conseiller_59)) == []
    assert not Notification.objects.filter(modele="entreprises/offre_rappel_48h").exists()


@pytest.mark.parametrize(
    ("apres", "en_retard"),
    [
        (datetime.timedelta(hours=47), False),
        (datetime.timedelta(hours=47, minutes=59, seconds=59), False),
        (datetime.timedelta(hours=48), False),  # due at that moment, not yet late
        (datetime.timedelta(hours=48, seconds=1), True),
        (datetime.timedelta(hours=49), True),
    ],
)
def test_le_rappel_est_en_retard_apres_la_48e_heure(s, apres, en_retard):
    soumise_le = timezone.now()
    offres.soumettre(s.brouillon(), acting_user=s.admin, maintenant=soumise_le)
    tache = TacheConseiller.objects.get(type_tache=TypeTache.RAPPEL_48H)
    assert tache.en_retard(soumise_le + apres) is en_retard


@pytest.mark.parametrize(("heures", "badge"), [(47, False), (49, True)])
def test_la_liste_marque_les_taches_en_retard(client, s, heures, badge):
    offres.soumettre(s.brouillon(), acting_user=s.admin, maintenant=timezone.now() - heures * H)
    client.force_login(s.referent)
    html = client.get(TACHES).content.decode()
    assert "Rappeler le nouvel employeur (48 heures)" in html
    assert ("En retard" in html) is badge
    assert ("dont <strong>1 en retard</strong>" in html) is badge


# --- The 30-day follow-up ------------------------------------------------------------------------------


def _publiee_le(s, moment):
    offre = offres.soumettre(s.brouillon(), acting_user=s.admin, maintenant=moment)
    assert offre.statut == StatutOffre.PUBLIEE
    return offre


@pytest.mark.parametrize(("jour", "creees"), [(29, 0), (30, 1), (31, 1)])
def test_la_relance_est_due_au_30e_jour_apres_la_publication(s, jour, creees):
    publication = a_paris(datetime.date(2026, 3, 2), 10)
    offre = _publiee_le(s, publication)
    balayage = a_paris(datetime.date(2026, 3, 2) + datetime.timedelta(days=jour), 6, 30)
    assert taches.creer_relances(maintenant=balayage) == creees
    relances = TacheConseiller.objects.filter(type_tache=TypeTache.RELANCE_30J)
    assert relances.count() == creees
    if creees:
        [tache] = relances
        assert (tache.offre, tache.conseiller, tache.entreprise) == (offre, s.referent, s.entreprise)
        assert tache.echeance == a_paris(datetime.date(2026, 4, 1), 0) + datetime.timedelta(days=7)


def test_la_relance_est_idempotente_du_30e_au_31e_jour(s, taches_immediates):
    _publiee_le(s, a_paris(datetime.date(2026, 3, 2), 10))
    assert creer_relances_offres(maintenant=a_paris(datetime.date(2026, 4, 1), 6, 30).isoformat()) == 1
    assert creer_relances_offres(maintenant=a_paris(datetime.date(2026, 4, 1), 6, 31).isoformat()) == 0
    assert creer_relances_offres(maintenant=a_paris(datetime.date(2026, 4, 2), 6, 30).isoformat()) == 0
    assert TacheConseiller.objects.filter(type_tache=TypeTache.RELANCE_30J).count() == 1


def test_les_jours_se_comptent_a_l_heure_de_paris(s):
    # Published at 23:30 in Paris on 2 March (22:30 UTC): its 30th day is 1 April, Paris time.
    _publiee_le(s, a_paris(datetime.date(2026, 3, 2), 23, 30))
    assert taches.creer_relances(maintenant=a_paris(datetime.date(2026, 3, 31), 23, 59)) == 0
    assert taches.creer_relances(maintenant=a_paris(datetime.date(2026, 4, 1), 0, 5)) == 1


def test_pas_de_relance_pour_une_offre_close_ou_non_publiee(s):
    moment = a_paris(datetime.date(2026, 3, 2), 10)
    pourvue = _publiee_le(s, moment)
    offres.pourvoir(pourvue, s.admin)
    retiree = _publiee_le(s, moment)
    offres.retirer(retiree, acting_user=s.admin)
    s.a_valider()
    assert taches.creer_relances(maintenant=a_paris(datetime.date(2026, 4, 10), 6)) == 0


def test_la_relance_d_une_offre_sans_conseiller_va_a_l_organisation(s):
    offre = f.offre(s.entreprise, statut=StatutOffre.PUBLIEE)
    offre.publiee_le = a_paris(datetime.date(2026, 3, 2))
    offre.save(update_fields=["publiee_le"])
    assert taches.creer_relances(maintenant=a_paris(datetime.date(2026, 4, 1), 6)) == 1
    tache = TacheConseiller.objects.get(type_tache=TypeTache.RELANCE_30J)
    assert (tache.conseiller, tache.organisation) == (None, s.agence)
    assert tache in taches.taches_de(s.collegue)


def test_le_balayage_traite_les_offres_par_lots(s):
    for _ in range(5):
        _publiee_le(s, a_paris(datetime.date(2026, 3, 2), 10))
    assert creer_relances_offres(limit=2, maintenant=a_paris(datetime.date(2026, 4, 1), 6).isoformat()) == 5


# --- Doing a task ------------------------------------------------------------------------------------


def _rappel(s):
    offres.soumettre(s.brouillon(), acting_user=s.admin)
    return TacheConseiller.objects.get(type_tache=TypeTache.RAPPEL_48H)


def test_la_tache_faite_porte_un_compte_rendu_et_une_ligne_d_audit(s):
    tache = _rappel(s)
    with pytest.raises(ValidationError) as exc:
        taches.marquer_faite(tache, acting_user=s.referent, compte_rendu="   ")
    assert list(exc.value.message_dict) == ["compte_rendu"]
    with pytest.raises(ValidationError):
        taches.marquer_faite(tache, acting_user=s.referent, compte_rendu="x" * 2001)
    taches.marquer_faite(tache, acting_user=s.referent, compte_rendu="x" * 2000)
    tache.refresh_from_db()
    assert tache.faite_par == s.referent and tache.faite_le is not None
    event = AuditEvent.objects.get(event_type=TypeEvenement.TACHE_ENTREPRISE_FAITE)
    assert event.acting_user == s.referent
    assert event.data == {
        "tache": tache.pk,
        "type_tache": "rappel_48h",
        "entreprise": s.entreprise.pk,
        "offre": None,
        "en_retard": False,
    }
    with pytest.raises(ValidationError) as exc:
        taches.marquer_faite(tache, acting_user=s.referent, compte_rendu="Encore.")
    assert "déjà été faite" in exc.value.messages[0]
    assert list(taches.taches_de(s.referent)) == []


@pytest.mark.parametrize("qui", ["conseiller_62", "mission_locale_59", "admin", "pilote"])
def test_la_tache_d_un_autre_ne_se_fait_pas(s, qui):
    tache = _rappel(s)
    with pytest.raises(ValidationError):
        taches.marquer_faite(tache, acting_user=getattr(s, qui), compte_rendu="Appelé.")


def test_la_page_marque_la_tache_faite(client, s):
    tache = _rappel(s)
    client.force_login(s.referent)
    url = reverse("backoffice:tache_entreprise_faite", kwargs={"pk": tache.pk})
    reponse = client.post(url, {f"tache-{tache.pk}-compte_rendu": ""})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Erreur — Mes tâches entreprises" in html
    assert "Résumez l" in html  # the apostrophe is escaped
    reponse = client.post(url, {f"tache-{tache.pk}-compte_rendu": "Employeur rappelé, besoin de 3 vendeurs."})
    assert reponse.status_code == 302 and reponse["Location"] == TACHES
    tache.refresh_from_db()
    assert tache.compte_rendu == "Employeur rappelé, besoin de 3 vendeurs."
    assert "Aucune tâche à faire." in client.get(TACHES).content.decode()


@pytest.mark.parametrize("qui", ["conseiller_62", "mission_locale_59"])
def test_la_tache_d_un_autre_est_introuvable_depuis_la_page(client, s, qui):
    tache = _rappel(s)
    client.force_login(getattr(s, qui))
    assert client.get(TACHES).content.decode().count("Marquer comme faite") == 0
    url = reverse("backoffice:tache_entreprise_faite", kwargs={"pk": tache.pk})
    assert client.post(url, {f"tache-{tache.pk}-compte_rendu": "Appelé."}).status_code == 404
    assert client.post(reverse("backoffice:tache_entreprise_faite", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("qui", ["admin", "pilote", "personne"])
def test_la_liste_est_reservee_aux_conseillers(client, s, qui):
    client.force_login(getattr(s, qui))
    assert client.get(TACHES).status_code == 404


def test_la_liste_a_un_nombre_de_requetes_independant_du_nombre_de_taches(client, s):
    def mesurer():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(TACHES).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(s.referent)
    _rappel(s)
    mesurer()  # the first request caches the memberships and the page chrome
    peu = mesurer()
    for i in range(6):
        entreprise = f.entreprise(nom=f"Entreprise {i}", referent=s.referent, organisation_referente=s.agence)
        offre = offres.creer(entreprise, acting_user=s.referent, **valeurs())
        TacheConseiller.objects.create(
            type_tache=TypeTache.RELANCE_30J,
            entreprise=entreprise,
            offre=offre,
            conseiller=s.referent,
            organisation=s.agence,
            echeance=timezone.now() + H,
        )
    assert mesurer() == peu


def test_un_conseiller_d_une_autre_organisation_sans_role_ne_voit_rien(s):
    _rappel(s)
    autre = professionnel(OrganisationFactory(departement_id="59"))
    assert list(taches.taches_de(autre)) == []
