"""Issue 15, item 2: the first accompaniment appointment is due within 15 days of the NOTIFIED
orientation (rendezvous.delai_premier_rdv), on every path that offers or books one.

The orientation here was notified 5 days ago at 9:00: day 15 is ``dans(10)`` (in time all day
long, calendar days), day 16 is ``dans(11)`` (late).
"""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.parametres.models import ParametreLegal
from francetravail.rendezvous import actions, regles
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import Creneau, HistoriqueRendezVous, RendezVous
from francetravail.rendezvous.queries import delai_premier_rendez_vous
from tests.contrats.factories import orientation_notifiee
from tests.rendezvous.factories import CreneauFactory, dans, rdv_reserve

NOTIFIEE_IL_Y_A = 5
JOUR_15 = 15 - NOTIFIEE_IL_Y_A  # dans(JOUR_15): the last day in time
JOUR_16 = 16 - NOTIFIEE_IL_Y_A  # dans(JOUR_16): the first day late


def _a(jours, heure=9, minute=0):
    jour = timezone.localdate() + timedelta(days=jours)
    return timezone.make_aware(datetime(jour.year, jour.month, jour.day, heure, minute))


@pytest.fixture
def oriente(personne):
    orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    return personne


def _etat(personne):
    """What a refused request must leave unchanged."""
    return (
        list(
            RendezVous.objects.filter(personne=personne).values_list("pk", "statut", "creneau_id", "hors_delai_motif")
        ),
        list(Creneau.objects.values_list("pk", "nb_reservations")),
        AuditEvent.objects.filter(event_type=TypeEvenement.RDV_PREMIER_HORS_DELAI).count(),
        HistoriqueRendezVous.objects.count(),
    )


def _creneaux(agenda):
    return CreneauFactory(agenda=agenda, debut=dans(JOUR_15, heure=18)), CreneauFactory(
        agenda=agenda, debut=dans(JOUR_16, heure=8)
    )


# --- The rule ----------------------------------------------------------------------------


def test_la_limite_compte_en_jours_calendaires_depuis_la_notification(oriente):
    delai = regles.delai_applicable(oriente)
    assert delai.jours == 15
    assert delai.jour_notification == timezone.localdate() - timedelta(days=NOTIFIEE_IL_Y_A)
    assert delai.limite == timezone.localdate() + timedelta(days=JOUR_15)
    assert not delai.depasse(CreneauFactory.build(debut=dans(JOUR_15, heure=23)))
    assert delai.depasse(CreneauFactory.build(debut=dans(JOUR_16, heure=0)))


def test_notifiee_tard_le_soir_le_jour_compte_quand_meme(personne):
    orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A, heure=23, minute=50))
    assert regles.delai_applicable(personne).limite == timezone.localdate() + timedelta(days=JOUR_15)


def test_pas_encore_orientee_pas_de_delai_pour_l_entretien_d_orientation(personne, agenda, conseiller):
    """The orientation (giratoire) interview comes before the decision the delay counts from."""
    assert regles.delai_applicable(personne) is None
    (rdv,) = actions.proposer_creneaux(
        personne, [CreneauFactory(agenda=agenda, debut=dans(40))], acting_user=conseiller
    )
    assert rdv.premier_rendez_vous is False
    rdv = actions.reserver(personne, rdv.creneau, acting_user=personne.user)
    assert rdv.statut == StatutRendezVous.RESERVE


def test_le_delai_compte_depuis_l_orientation_notifiee_pas_depuis_l_offre(oriente, agenda, conseiller):
    """Day 12 from today is day 17 from the notification: too late, although offered today."""
    creneau = CreneauFactory(agenda=agenda, debut=dans(12))
    with pytest.raises(ValidationError) as exc:
        actions.proposer_creneaux(oriente, [creneau], acting_user=conseiller)
    assert "trop tard pour un premier rendez-vous" in exc.value.message_dict["creneaux"][0]
    assert not RendezVous.objects.filter(personne=oriente).exists()


def test_orientation_non_notifiee_compte_depuis_la_decision(personne):
    """No email, no account: no notification written; the service's delay runs from the decision."""
    decision = orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    type(decision).objects.filter(pk=decision.pk).update(notifiee_le=None, decidee_le=_a(-NOTIFIEE_IL_Y_A - 2))
    assert regles.delai_applicable(personne).limite == timezone.localdate() + timedelta(days=JOUR_15 - 2)


def test_une_reorientation_notifiee_ouvre_un_nouveau_delai(oriente, agenda, conseiller):
    rdv_reserve(oriente, CreneauFactory(agenda=agenda, debut=_a(-3)))  # held before the new notice
    RendezVous.objects.filter(personne=oriente).update(statut=StatutRendezVous.HONORE)
    orientation_notifiee(oriente, notifiee_le=_a(-1))
    assert regles.delai_applicable(oriente).limite == timezone.localdate() + timedelta(days=14)
    actions.proposer_creneaux(oriente, [CreneauFactory(agenda=agenda, debut=dans(14))], acting_user=conseiller)
    with pytest.raises(ValidationError, match="trop tard"):
        actions.proposer_creneaux(oriente, [CreneauFactory(agenda=agenda, debut=dans(15))], acting_user=conseiller)


@pytest.mark.parametrize(("jour", "accepte"), [(10, True), (11, False)])
def test_la_valeur_du_departement_s_applique(oriente, agenda, conseiller, jour, accepte):
    national = ParametreLegal.objects.get(cle=regles.PARAMETRE, departement__isnull=True)
    assert oriente.departement_id == "59"
    ParametreLegal.objects.create(
        cle=national.cle,
        libelle=national.libelle,
        valeur=10,
        unite=national.unite,
        reference_legale="Délibération de test",
        valide_du=national.valide_du,
        departement_id="59",
    )
    creneau = CreneauFactory(agenda=agenda, debut=dans(jour - NOTIFIEE_IL_Y_A, heure=12))
    if accepte:
        actions.reserver(oriente, creneau, acting_user=conseiller)
    else:
        with pytest.raises(ValidationError, match="10 jours après la notification"):
            actions.reserver(oriente, creneau, acting_user=conseiller)


def test_un_premier_rendez_vous_deja_reserve_leve_le_delai_pour_les_suivants(oriente, agenda, conseiller):
    actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    (rdv,) = actions.proposer_creneaux(
        oriente, [CreneauFactory(agenda=agenda, debut=dans(40))], acting_user=conseiller
    )
    assert rdv.premier_rendez_vous is False


def test_un_premier_rendez_vous_manque_laisse_le_suivant_sous_le_meme_delai(oriente, agenda, conseiller):
    manque = rdv_reserve(oriente, CreneauFactory(agenda=agenda, passe=True))
    actions.enregistrer_presence(manque, StatutRendezVous.ABSENT, acting_user=conseiller)
    with pytest.raises(ValidationError, match="trop tard"):
        actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(JOUR_16)), acting_user=conseiller)
    rdv = actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(JOUR_15)), acting_user=conseiller)
    assert rdv.premier_rendez_vous is True


def test_un_point_d_etape_n_est_pas_soumis_au_delai(oriente, agenda, conseiller):
    creneau = CreneauFactory(agenda=agenda, debut=dans(40), motif=Motif.POINT_ETAPE)
    (rdv,) = actions.proposer_creneaux(oriente, [creneau], acting_user=conseiller)
    assert rdv.premier_rendez_vous is False


# --- Each path, day 15 and day 16 -------------------------------------------------------------


def test_conseiller_propose_jour_15_oui_jour_16_non(oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    avant = _etat(oriente)
    with pytest.raises(ValidationError) as exc:
        actions.proposer_creneaux(oriente, [j15, j16], acting_user=conseiller)
    assert set(exc.value.message_dict) == {"creneaux", "derogation"}
    assert _etat(oriente) == avant
    (rdv,) = actions.proposer_creneaux(oriente, [j15], acting_user=conseiller)
    assert (rdv.statut, rdv.premier_rendez_vous, rdv.hors_delai_motif) == (StatutRendezVous.PROPOSE, True, "")


def test_conseiller_reserve_jour_15_oui_jour_16_non(oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    avant = _etat(oriente)
    with pytest.raises(ValidationError) as exc:
        actions.reserver(oriente, j16, acting_user=conseiller)
    message = exc.value.message_dict["creneau"][0]
    limite = timezone.localdate() + timedelta(days=JOUR_15)
    assert f"au plus tard le {limite.day} " in message
    assert "indiquez le motif du dépassement" in message
    assert _etat(oriente) == avant
    rdv = actions.reserver(oriente, j15, acting_user=conseiller)
    assert (rdv.statut, rdv.premier_rendez_vous, rdv.hors_delai_motif) == (StatutRendezVous.RESERVE, True, "")


def test_la_personne_choisit_jour_15_oui_jour_16_non(personne, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    # Offered before the orientation (no delay then), chosen after its notification.
    p15, p16 = actions.proposer_creneaux(personne, [j15, j16], acting_user=conseiller)
    orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    avant = _etat(personne)
    with pytest.raises(ValidationError) as exc:
        actions.reserver(personne, j16, acting_user=personne.user)
    assert "contactez votre conseiller" in exc.value.message_dict["creneau"][0]
    assert _etat(personne) == avant
    rdv = actions.reserver(personne, j15, acting_user=personne.user)
    assert (rdv.pk, rdv.statut, rdv.premier_rendez_vous) == (p15.pk, StatutRendezVous.RESERVE, True)


def test_la_personne_deplace_jour_15_oui_jour_16_non(oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    rdv = actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    avant = _etat(oriente)
    with pytest.raises(ValidationError) as exc:
        actions.deplacer(rdv, j16, acting_user=oriente.user, motif="Entretien d'embauche", derogation="je veux")
    assert "contactez votre conseiller" in exc.value.message_dict["creneau"][0]
    assert _etat(oriente) == avant
    rdv = actions.deplacer(rdv, j15, acting_user=oriente.user, motif="Entretien d'embauche")
    assert rdv.creneau == j15


def test_conseiller_deplace_jour_16_avec_motif_seulement(oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    rdv = actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    avant = _etat(oriente)
    with pytest.raises(ValidationError) as exc:
        actions.deplacer(rdv, j16, acting_user=conseiller, motif="Conseiller absent", derogation="  ")
    assert set(exc.value.message_dict) == {"creneau", "derogation"}
    assert _etat(oriente) == avant
    rdv = actions.deplacer(
        rdv, j16, acting_user=conseiller, motif="Conseiller absent", derogation="Agence fermée la semaine du 15"
    )
    assert (rdv.creneau, rdv.hors_delai_motif, rdv.hors_delai_par) == (
        j16,
        "Agence fermée la semaine du 15",
        conseiller,
    )
    assert "Agence fermée" in HistoriqueRendezVous.objects.filter(rendez_vous=rdv).last().motif
    # Back within the delay: the exception no longer applies to the slot, it is cleared.
    rdv = actions.deplacer(rdv, j15, acting_user=conseiller, motif="Place libérée")
    assert (rdv.hors_delai_motif, rdv.hors_delai_par, rdv.hors_delai_le) == ("", None, None)


# --- The conseiller's exception ----------------------------------------------------------------


@pytest.mark.parametrize("motif", ["", "   "])
def test_depasser_le_delai_sans_motif_est_refuse(oriente, agenda, conseiller, motif):
    _, j16 = _creneaux(agenda)
    avant = _etat(oriente)
    for appel in (
        lambda: actions.proposer_creneaux(oriente, [j16], acting_user=conseiller, derogation=motif),
        lambda: actions.reserver(oriente, j16, acting_user=conseiller, derogation=motif),
    ):
        with pytest.raises(ValidationError) as exc:
            appel()
        assert "Indiquez pourquoi le premier rendez-vous aura lieu après le" in exc.value.message_dict["derogation"][0]
    assert _etat(oriente) == avant


def test_reserver_hors_delai_avec_motif_est_enregistre_et_audite(oriente, agenda, conseiller):
    _, j16 = _creneaux(agenda)
    rdv = actions.reserver(oriente, j16, acting_user=conseiller, derogation="  La personne est hospitalisée  ")
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.RESERVE
    assert (rdv.hors_delai_motif, rdv.hors_delai_par) == ("La personne est hospitalisée", conseiller)
    assert rdv.hors_delai_le is not None
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RDV_PREMIER_HORS_DELAI)
    assert (evenement.acting_user, evenement.personne, evenement.motif) == (
        conseiller,
        oriente,
        "La personne est hospitalisée",
    )
    limite = timezone.localdate() + timedelta(days=JOUR_15)
    assert evenement.data["limite"] == limite.isoformat()
    assert evenement.data["date_rendez_vous"] == (limite + timedelta(days=1)).isoformat()
    assert "hors délai" in HistoriqueRendezVous.objects.get(rendez_vous=rdv).motif
    # Counted late all the same.
    assert delai_premier_rendez_vous(oriente).dans_les_delais is False


def test_le_motif_n_est_pas_enregistre_pour_un_creneau_dans_le_delai(oriente, agenda, conseiller):
    j15, _ = _creneaux(agenda)
    rdv = actions.reserver(oriente, j15, acting_user=conseiller, derogation="Par précaution")
    assert rdv.hors_delai_motif == ""
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.RDV_PREMIER_HORS_DELAI).exists()


def test_la_personne_choisit_un_creneau_propose_hors_delai_avec_motif(oriente, agenda, conseiller, django_user_model):
    j15, j16 = _creneaux(agenda)
    p15, p16 = actions.proposer_creneaux(oriente, [j15, j16], acting_user=conseiller, derogation="Congés de l'agence")
    assert (p15.hors_delai_motif, p16.hors_delai_motif) == ("", "Congés de l'agence")
    rdv = actions.reserver(oriente, j16, acting_user=oriente.user)
    rdv.refresh_from_db()
    assert rdv.pk == p16.pk
    assert rdv.statut == StatutRendezVous.RESERVE
    # The conseiller's reason, name and date stay: the person gave none of their own.
    assert (rdv.hors_delai_motif, rdv.hors_delai_par) == ("Congés de l'agence", conseiller)
    assert AuditEvent.objects.filter(event_type=TypeEvenement.RDV_PREMIER_HORS_DELAI).count() == 2


def test_le_conseiller_reserve_l_offre_faite_hors_delai_sans_redonner_le_motif(oriente, agenda, conseiller):
    _, j16 = _creneaux(agenda)
    (offre,) = actions.proposer_creneaux(oriente, [j16], acting_user=conseiller, derogation="Congés de l'agence")
    rdv = actions.reserver(oriente, j16, acting_user=conseiller)
    assert (rdv.pk, rdv.statut, rdv.hors_delai_motif) == (offre.pk, StatutRendezVous.RESERVE, "Congés de l'agence")


def test_reproposer_avec_motif_permet_a_la_personne_de_choisir(personne, agenda, conseiller):
    """Offered before the orientation, late after its notification: offered again with a reason."""
    _, j16 = _creneaux(agenda)
    (offre,) = actions.proposer_creneaux(personne, [j16], acting_user=conseiller)
    orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    with pytest.raises(ValidationError, match="contactez votre conseiller"):
        actions.reserver(personne, j16, acting_user=personne.user)
    (encore,) = actions.proposer_creneaux(personne, [j16], acting_user=conseiller, derogation="Seul créneau en LSF")
    assert encore.pk == offre.pk
    assert (encore.premier_rendez_vous, encore.hors_delai_motif) == (True, "Seul créneau en LSF")
    assert actions.reserver(personne, j16, acting_user=personne.user).statut == StatutRendezVous.RESERVE


def test_queries_delai_premier_rendez_vous(oriente, agenda, conseiller, personne):
    delai = delai_premier_rendez_vous(oriente)
    assert (delai.date_rendez_vous, delai.dans_les_delais) == (None, None)
    actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(JOUR_15)), acting_user=conseiller)
    delai = delai_premier_rendez_vous(oriente)
    assert (delai.jours, delai.dans_les_delais) == (15, True)


def test_queries_sans_orientation_pas_de_delai(agenda):
    from tests.factories import PersonneFactory

    assert delai_premier_rendez_vous(PersonneFactory()) is None


# --- Through the pages ---------------------------------------------------------------------------


def _page_personne(personne):
    return reverse("backoffice:rendez_vous_personne", kwargs={"pk": personne.pk})


def test_page_conseiller_propose_et_reserve_jour_16_refuse_au_champ(client, oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    client.force_login(conseiller)
    page = client.get(_page_personne(oriente)).content.decode()
    assert "Premier rendez-vous d’accompagnement à fixer au plus tard le" in page
    assert 'name="reserver-derogation"' in page
    avant = _etat(oriente)
    for data in (
        {"action": "proposer", "proposer-creneaux": [j16.pk]},
        {"action": "reserver", "reserver-creneau": j16.pk, "reserver-derogation": "  "},
    ):
        reponse = client.post(_page_personne(oriente), data)
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert "trop tard pour un premier rendez-vous" in contenu
        assert "Indiquez pourquoi le premier rendez-vous aura lieu après le" in contenu
    assert _etat(oriente) == avant
    reponse = client.post(_page_personne(oriente), {"action": "proposer", "proposer-creneaux": [j15.pk]})
    assert reponse.status_code == 302
    reponse = client.post(_page_personne(oriente), {"action": "reserver", "reserver-creneau": j15.pk})
    assert reponse.status_code == 302
    assert RendezVous.objects.get(personne=oriente, statut=StatutRendezVous.RESERVE).creneau == j15


def test_page_conseiller_reserve_jour_16_avec_motif(client, oriente, agenda, conseiller):
    _, j16 = _creneaux(agenda)
    client.force_login(conseiller)
    data = {"action": "reserver", "reserver-creneau": j16.pk, "reserver-derogation": "Interprète disponible le 16"}
    assert client.post(_page_personne(oriente), data).status_code == 302
    rdv = RendezVous.objects.get(personne=oriente)
    assert (rdv.statut, rdv.hors_delai_motif, rdv.hors_delai_par) == (
        StatutRendezVous.RESERVE,
        "Interprète disponible le 16",
        conseiller,
    )
    page = client.get(_page_personne(oriente)).content.decode()
    assert "Hors délai, accordé par" in page and "Interprète disponible le 16" in page


def test_page_conseiller_propose_jour_16_avec_motif(client, oriente, agenda, conseiller):
    _, j16 = _creneaux(agenda)
    client.force_login(conseiller)
    data = {"action": "proposer", "proposer-creneaux": [j16.pk], "proposer-derogation": "Seul créneau en visio"}
    assert client.post(_page_personne(oriente), data).status_code == 302
    assert RendezVous.objects.get(personne=oriente).hors_delai_motif == "Seul créneau en visio"


def test_page_conseiller_deplace_jour_16(client, oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    rdv = actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    client.force_login(conseiller)
    url = reverse("backoffice:modifier_rendez_vous", kwargs={"pk": oriente.pk, "rdv_pk": rdv.pk})
    data = {"action": "deplacer", "deplacer-creneau": j16.pk, "deplacer-motif": "Conseiller absent"}
    contenu = client.post(url, data).content.decode()
    assert "trop tard pour un premier rendez-vous" in contenu
    rdv.refresh_from_db()
    assert rdv.creneau_id != j16.pk
    assert client.post(url, {**data, "deplacer-derogation": "Formation de l'équipe"}).status_code == 302
    rdv.refresh_from_db()
    assert (rdv.creneau_id, rdv.hors_delai_motif) == (j16.pk, "Formation de l'équipe")


def test_page_personne_choisit_jour_15_et_voit_pourquoi_pas_jour_16(client, personne, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    p15, p16 = actions.proposer_creneaux(personne, [j15, j16], acting_user=conseiller)
    orientation_notifiee(personne, notifiee_le=_a(-NOTIFIEE_IL_Y_A))
    client.force_login(personne.user)
    page = client.get(reverse("rendezvous:liste")).content.decode()
    assert "vous ne pouvez pas le choisir vous-même" in page
    assert reverse("messagerie:fil") in page
    assert page.count("Choisir ce créneau") == 1
    avant = _etat(personne)
    reponse = client.post(reverse("rendezvous:choisir", kwargs={"pk": p16.pk}), follow=True)
    assert "contactez votre conseiller" in reponse.content.decode()
    assert _etat(personne) == avant
    client.post(reverse("rendezvous:choisir", kwargs={"pk": p15.pk}))
    p15.refresh_from_db()
    assert p15.statut == StatutRendezVous.RESERVE


def test_page_personne_choisit_la_proposition_hors_delai_motivee(client, oriente, agenda, conseiller):
    _, j16 = _creneaux(agenda)
    (p16,) = actions.proposer_creneaux(oriente, [j16], acting_user=conseiller, derogation="Congés de l'agence")
    client.force_login(oriente.user)
    assert "Choisir ce créneau" in client.get(reverse("rendezvous:liste")).content.decode()
    client.post(reverse("rendezvous:choisir", kwargs={"pk": p16.pk}))
    p16.refresh_from_db()
    assert p16.statut == StatutRendezVous.RESERVE


def test_page_personne_deplace_jour_15_oui_jour_16_non(client, oriente, agenda, conseiller):
    j15, j16 = _creneaux(agenda)
    rdv = actions.reserver(oriente, CreneauFactory(agenda=agenda, debut=dans(3)), acting_user=conseiller)
    client.force_login(oriente.user)
    url = reverse("rendezvous:deplacer", kwargs={"pk": rdv.pk})
    assert "Votre premier rendez-vous doit avoir lieu au plus tard le" in client.get(url).content.decode()
    avant = _etat(oriente)
    reponse = client.post(url, {"creneau": j16.pk, "motif": "Entretien d'embauche"})
    assert reponse.status_code == 200
    assert "contactez votre conseiller" in reponse.content.decode()
    assert _etat(oriente) == avant
    assert client.post(url, {"creneau": j15.pk, "motif": "Entretien d'embauche"}).status_code == 302
    rdv.refresh_from_db()
    assert rdv.creneau == j15
