"""Running agendas: who creates and runs what, patterns, absences, collective sessions, pages, week view."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.rendezvous import actions, actions_agendas
from francetravail.rendezvous import plages as plages_module
from francetravail.rendezvous.enums import Modalite, Motif, StatutRendezVous, TypeAgenda
from francetravail.rendezvous.models import Agenda, Creneau, Indisponibilite, PlageOuverture
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans


@pytest.fixture
def responsable(org):
    return professionnel(org, Role.RESPONSABLE_EQUIPE)


@pytest.fixture
def equipe(org, responsable):
    return actions_agendas.creer_agenda(
        org, acting_user=responsable, type_agenda=TypeAgenda.EQUIPE, libelle="Équipe RSA", lieu="1 place de la Gare"
    )


def _prochain(jour_iso):
    jour = timezone.localdate() + timedelta(days=1)
    while jour.isoweekday() != jour_iso:
        jour += timedelta(days=1)
    return jour


def _plage(agenda, user, **kwargs):
    valeurs = {
        "jours": [2],
        "heure_debut": time(9),
        "heure_fin": time(10),
        "duree_minutes": 30,
        "motif": Motif.ENTRETIEN_ORIENTATION,
        "valide_du": timezone.localdate(),
    } | kwargs
    return actions_agendas.creer_plage(agenda, acting_user=user, **valeurs)


# --- Who creates and runs agendas -------------------------------------------------------------------------


def test_le_conseiller_cree_son_agenda_individuel_et_pas_un_autre(org, conseiller):
    agenda = actions_agendas.creer_agenda(
        org, acting_user=conseiller, type_agenda=TypeAgenda.INDIVIDUEL, libelle="Mon agenda", conseiller=conseiller
    )
    assert agenda.conseiller == conseiller and agenda.created_by == conseiller
    assert AuditEvent.objects.filter(event_type=TypeEvenement.AGENDA_CREE, data__agenda_id=agenda.pk).exists()
    collegue = professionnel(org, Role.CONSEILLER)
    for type_agenda, pour in ((TypeAgenda.EQUIPE, None), (TypeAgenda.INDIVIDUEL, collegue)):
        with pytest.raises(ValidationError, match="propre agenda individuel"):
            actions_agendas.creer_agenda(
                org, acting_user=conseiller, type_agenda=type_agenda, libelle="Refusé", conseiller=pour
            )
    assert Agenda.objects.filter(organisation=org).count() == 1


def test_le_responsable_cree_tout_type_et_choisit_un_membre(org, responsable, conseiller):
    agenda = actions_agendas.creer_agenda(
        org, acting_user=responsable, type_agenda=TypeAgenda.INDIVIDUEL, libelle="Camille", conseiller=conseiller
    )
    assert agenda.conseiller == conseiller
    etranger = professionnel(OrganisationFactory(departement_id="62"), Role.CONSEILLER)
    with pytest.raises(ValidationError) as exc:
        actions_agendas.creer_agenda(
            org, acting_user=responsable, type_agenda=TypeAgenda.INDIVIDUEL, libelle="X", conseiller=etranger
        )
    assert exc.value.message_dict["conseiller"] == [
        "Ce professionnel n'accompagne pas de personnes dans cette organisation."
    ]
    with pytest.raises(ValidationError) as exc:
        actions_agendas.creer_agenda(org, acting_user=responsable, type_agenda=TypeAgenda.INDIVIDUEL, libelle="X")
    assert "choisissez-le" in exc.value.message_dict["conseiller"][0]
    assert Agenda.objects.filter(organisation=org).count() == 1


def test_personne_ne_gere_les_agendas_d_une_autre_organisation(org, equipe):
    autre = OrganisationFactory(departement_id="62")
    for role in (Role.RESPONSABLE_EQUIPE, Role.ADMIN_ORGANISATION, Role.CONSEILLER):
        intrus = professionnel(autre, role)
        with pytest.raises(ValidationError):
            _plage(equipe, intrus)
        with pytest.raises(ValidationError):
            actions_agendas.creer_agenda(org, acting_user=intrus, type_agenda=TypeAgenda.EQUIPE, libelle="X")
    assert not PlageOuverture.objects.exists()
    assert Agenda.objects.filter(organisation=org).count() == 1


def test_un_conseiller_ne_gere_pas_l_agenda_d_equipe_ni_un_mediateur(org, equipe, conseiller):
    mediateur = professionnel(org, Role.MEDIATEUR)
    for user in (conseiller, mediateur):
        with pytest.raises(ValidationError, match="peuvent le gérer"):
            _plage(equipe, user)
        with pytest.raises(ValidationError):
            actions_agendas.fermer_agenda(equipe, acting_user=user)
    equipe.refresh_from_db()
    assert equipe.actif and not equipe.plages.exists()


def test_pages_refusees_en_404_sans_rien_changer(client, org, equipe, conseiller):
    mediateur = professionnel(org, Role.MEDIATEUR)
    etranger = professionnel(OrganisationFactory(departement_id="62"), Role.RESPONSABLE_EQUIPE)
    url = reverse("backoffice:agenda", kwargs={"pk": equipe.pk})
    for user in (mediateur, etranger):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("backoffice:agendas_semaine"), {"agenda": equipe.pk}).status_code == 404
        assert client.post(url, {"action": "fermer_agenda"}).status_code == 404
    client.force_login(mediateur)
    assert client.get(reverse("backoffice:agenda_nouveau")).status_code == 404
    # The conseiller reads the team agenda, but running it is not theirs: refused, nothing changed.
    client.force_login(conseiller)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "fermer_agenda"}).status_code == 404
    equipe.refresh_from_db()
    assert equipe.actif


# --- Patterns, absences, sessions ------------------------------------------------------------------------


def test_plage_cree_ses_creneaux_et_un_evenement(equipe, responsable):
    plage = _plage(equipe, responsable, capacite=3)
    creneaux = Creneau.objects.filter(plage=plage)
    assert creneaux.count() >= 14  # 2 slots each Tuesday for 8 weeks, less the holidays
    assert set(creneaux.values_list("lieu", "capacite", "actif").distinct()) == {("1 place de la Gare", 3, True)}
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.PLAGE_CREEE)
    assert evenement.data["plage_id"] == plage.pk and evenement.acting_user == responsable


@pytest.mark.parametrize(
    ("champs", "champ", "message"),
    [
        ({"jours": []}, "jours", "Cochez au moins un jour de la semaine."),
        ({"heure_fin": time(9)}, "heure_fin", "L'heure de fin doit être après l'heure de début."),
        ({"duree_minutes": 4}, "duree_minutes", "Un créneau dure de 5 à 480 minutes."),
        ({"duree_minutes": 481}, "duree_minutes", "Un créneau dure de 5 à 480 minutes."),
        ({"duree_minutes": 61}, "duree_minutes", "La plage est plus courte qu'un créneau"),
        ({"capacite": 0}, "capacite", "Un créneau compte de 1 à 200 places."),
        ({"capacite": 201}, "capacite", "Un créneau compte de 1 à 200 places."),
        ({"toutes_les_semaines": 0}, "toutes_les_semaines", "toutes les 8 semaines"),
        ({"toutes_les_semaines": 9}, "toutes_les_semaines", "toutes les 8 semaines"),
        ({"valide_du": date.today() - timedelta(days=2)}, "valide_du", "aujourd'hui ou plus tard"),
        ({"valide_au": date.today() - timedelta(days=1)}, "valide_au", "le jour de début ou après"),
        ({"motif": Motif.SESSION_COLLECTIVE}, "intitule", "intitulé de la session collective"),
    ],
)
def test_plage_erreurs_claires(equipe, responsable, champs, champ, message):
    with pytest.raises(ValidationError) as exc:
        _plage(equipe, responsable, **champs)
    assert message in " ".join(exc.value.message_dict[champ])
    assert not PlageOuverture.objects.exists() and not Creneau.objects.exists()


@pytest.mark.parametrize(
    "champs", [{"duree_minutes": 5}, {"duree_minutes": 60}, {"capacite": 200}, {"toutes_les_semaines": 8}]
)
def test_plage_bornes_acceptees(equipe, responsable, champs):
    assert _plage(equipe, responsable, **champs).pk


def test_sur_place_sans_lieu_refuse(org, responsable):
    agenda = actions_agendas.creer_agenda(org, acting_user=responsable, type_agenda=TypeAgenda.LIEU, libelle="Salle")
    with pytest.raises(ValidationError) as exc:
        _plage(agenda, responsable)
    assert "Indiquez le lieu" in exc.value.message_dict["lieu"][0]
    assert _plage(agenda, responsable, modalite=Modalite.TELEPHONE).pk


def test_fermer_une_plage_avec_reservations_les_liste_a_deplacer(client, equipe, responsable, conseiller, personne):
    plage = _plage(equipe, responsable)
    premier = Creneau.objects.filter(plage=plage).order_by("debut").first()
    rdv = actions.reserver(personne, premier, acting_user=conseiller)
    bilan = actions_agendas.fermer_plage(plage, acting_user=responsable)
    assert bilan.fermes == Creneau.objects.filter(plage=plage).count()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.RESERVE
    assert AuditEvent.objects.filter(event_type=TypeEvenement.PLAGE_FERMEE, data__plage_id=plage.pk).exists()
    with pytest.raises(ValidationError, match="déjà fermée"):
        actions_agendas.fermer_plage(plage, acting_user=responsable)
    client.force_login(responsable)
    page = client.get(reverse("backoffice:agenda", kwargs={"pk": equipe.pk})).content.decode()
    assert "Rendez-vous à déplacer (1)" in page and personne.nom_complet in page
    # The conseiller who booked it, who does not run the team agenda, sees it too, on the agendas page.
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:agendas")).content.decode()
    assert "Rendez-vous à déplacer (1)" in page and personne.nom_complet in page
    # A closed slot cannot be booked any more.
    autre = PersonneFactory(organisme_referent=equipe.organisation)
    with pytest.raises(ValidationError, match="plus ouvert"):
        actions.reserver(autre, premier, acting_user=conseiller)


def test_absence_ferme_les_creneaux_libres_et_garde_les_reserves(equipe, responsable, conseiller, personne):
    mardi = _prochain(2)
    plage = _plage(equipe, responsable)
    reserve, libre = Creneau.objects.filter(plage=plage, debut__date=mardi).order_by("debut")
    actions.reserver(personne, reserve, acting_user=conseiller)
    paris = timezone.get_current_timezone()
    actions_agendas.creer_indisponibilite(
        equipe,
        acting_user=responsable,
        debut=datetime.combine(mardi, time(0), tzinfo=paris),
        fin=datetime.combine(mardi, time(23), tzinfo=paris),
        motif="Formation",
    )
    reserve.refresh_from_db()
    libre.refresh_from_db()
    assert not libre.actif and not reserve.actif and reserve.nb_reservations == 1
    # The nightly sweep does not reopen them.
    from francetravail.rendezvous.tasks import generer_creneaux

    generer_creneaux()
    assert not Creneau.objects.filter(plage=plage, debut__date=mardi, actif=True).exists()
    with pytest.raises(ValidationError) as exc:
        actions_agendas.creer_indisponibilite(equipe, acting_user=responsable, debut=dans(3, 12), fin=dans(3, 11))
    assert exc.value.message_dict["fin"] == ["La fin de l'absence doit être après son début."]
    assert Indisponibilite.objects.count() == 1


def test_session_collective_capacite_et_intitule(equipe, responsable):
    valeurs = {"debut": dans(5, 14), "fin": dans(5, 16), "intitule": "Information collective RSA", "capacite": 12}
    session = actions_agendas.creer_session_collective(equipe, acting_user=responsable, **valeurs)
    assert (session.motif, session.capacite, session.lieu) == (Motif.SESSION_COLLECTIVE, 12, "1 place de la Gare")
    for champs, champ in (
        ({"capacite": 1}, "capacite"),
        ({"capacite": 201}, "capacite"),
        ({"intitule": " "}, "intitule"),
    ):
        with pytest.raises(ValidationError) as exc:
            actions_agendas.creer_session_collective(equipe, acting_user=responsable, **(valeurs | champs))
        assert champ in exc.value.message_dict
    assert actions_agendas.creer_session_collective(equipe, acting_user=responsable, **(valeurs | {"capacite": 2}))
    assert Creneau.objects.filter(motif=Motif.SESSION_COLLECTIVE).count() == 2


# --- Pages ----------------------------------------------------------------------------------------------------


def test_le_responsable_cree_un_agenda_par_la_page_en_nommant_le_conseiller(client, org, responsable, conseiller):
    conseiller.first_name, conseiller.last_name = "Camille", "Durand"
    conseiller.save(update_fields=["first_name", "last_name"])
    client.force_login(responsable)
    page = client.get(reverse("backoffice:agenda_nouveau")).content.decode()
    assert "Camille Durand" in page
    reponse = client.post(
        reverse("backoffice:agenda_nouveau"),
        {"organisation": org.pk, "type_agenda": "equipe", "libelle": "", "conseiller": "", "lieu": ""},
    )
    assert "Ce champ est obligatoire." in reponse.content.decode()
    reponse = client.post(
        reverse("backoffice:agenda_nouveau"),
        {
            "organisation": org.pk,
            "type_agenda": "individuel",
            "libelle": "Agenda de Camille",
            "conseiller": conseiller.pk,
        },
    )
    agenda = Agenda.objects.get(libelle="Agenda de Camille")
    assert reponse.status_code == 302 and agenda.conseiller == conseiller
    url = reverse("backoffice:agenda", kwargs={"pk": agenda.pk})
    mardi = _prochain(2)
    donnees = {
        "action": "plage",
        "plage-jours": ["2", "4"],
        "plage-heure_debut": "09:00",
        "plage-heure_fin": "12:00",
        "plage-duree_minutes": "45",
        "plage-capacite": "1",
        "plage-motif": "diagnostic",
        "plage-modalite": "telephone",
        "plage-toutes_les_semaines": "1",
        "plage-valide_du": mardi.isoformat(),
    }
    assert client.post(url, donnees).status_code == 302
    assert Creneau.objects.filter(agenda=agenda, debut__date=mardi).count() == 4
    reponse = client.get(reverse("backoffice:agendas_semaine"), {"agenda": agenda.pk, "du": mardi.isoformat()})
    assert reponse.content.decode().count("ft-motif--diagnostic") >= 8 + 1  # 4 per day, + the legend


def test_le_conseiller_voit_sa_semaine_et_les_noms_qu_il_peut_lire(client, org, conseiller, personne):
    agenda = AgendaFactory(organisation=org, conseiller=conseiller)
    creneau = CreneauFactory(agenda=agenda, debut=dans(7, 9), motif=Motif.SESSION_COLLECTIVE, capacite=5)
    actions.reserver(personne, creneau, acting_user=conseiller)
    inconnue = PersonneFactory(organisme_referent=OrganisationFactory(departement_id="62"))
    from tests.rendezvous.factories import rdv_reserve

    creneau.refresh_from_db()
    rdv_reserve(inconnue, creneau)
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:agendas_semaine"), {"du": timezone.localdate(creneau.debut).isoformat()})
    html = page.content.decode()
    assert "Mes agendas" in html and personne.nom_complet in html
    assert inconnue.nom_complet not in html and "Une personne" in html
    assert "2 places prises sur 5" in html


def _semaine_avec(agenda, n, personne):
    from tests.rendezvous.factories import rdv_reserve

    lundi = _prochain(1) + timedelta(days=7)
    for i in range(n):
        creneau = CreneauFactory(
            agenda=agenda,
            debut=timezone.make_aware(datetime.combine(lundi + timedelta(days=i % 5), time(8 + i // 5))),
            capacite=3,
        )
        rdv_reserve(personne, creneau)
    return lundi


def test_vue_semaine_nombre_de_requetes_fixe(client, org, conseiller, responsable):
    agenda = AgendaFactory(organisation=org, conseiller=conseiller)
    autre = AgendaFactory(organisation=org)
    lundi = _semaine_avec(agenda, 2, PersonneFactory(organisme_referent=org))
    _semaine_avec(autre, 1, PersonneFactory(organisme_referent=org))
    url = reverse("backoffice:agendas_semaine")
    client.force_login(responsable)
    client.get(url, {"vue": "equipe", "du": lundi.isoformat()})  # warm the session and the roles' cache
    comptes = []
    for n in (0, 20):
        if n:
            _semaine_avec(agenda, n, PersonneFactory(organisme_referent=org))
            _semaine_avec(autre, n, PersonneFactory(organisme_referent=OrganisationFactory(departement_id="62")))
        with CaptureQueriesContext(connection) as ctx:
            reponse = client.get(url, {"vue": "equipe", "du": lundi.isoformat()})
        assert reponse.status_code == 200
        comptes.append(len(ctx))
    assert reponse.content.decode().count('class="ft-creneau ') == 2 + 1 + 20 + 20
    assert comptes[1] == comptes[0]


def test_collective_deux_dernieres_places_via_l_action_une_seule_gagne(equipe, responsable, conseiller):
    session = actions_agendas.creer_session_collective(
        equipe, acting_user=responsable, debut=dans(5, 14), fin=dans(5, 16), intitule="Info coll", capacite=2
    )
    a, b, c = (PersonneFactory(organisme_referent=equipe.organisation) for _ in range(3))
    actions.reserver(a, session, acting_user=conseiller)
    actions.reserver(b, session, acting_user=conseiller)
    with pytest.raises(ValidationError, match="complet"):
        actions.reserver(c, session, acting_user=conseiller)
    session.refresh_from_db()
    assert session.nb_reservations == 2


def test_admin_organisation_gere_sans_lire_les_dossiers(client, org, equipe, personne, conseiller):
    admin = professionnel(org, Role.ADMIN_ORGANISATION)
    plage = _plage(equipe, admin)
    creneau = Creneau.objects.filter(plage=plage).order_by("debut").first()
    actions.reserver(personne, creneau, acting_user=conseiller)
    client.force_login(admin)
    html = client.get(
        reverse("backoffice:agendas_semaine"),
        {"agenda": equipe.pk, "du": timezone.localdate(creneau.debut).isoformat()},
    ).content.decode()
    assert personne.nom_complet not in html and "Une personne" in html
    assert "Agendas de l’organisation" in client.get(reverse("backoffice:accueil")).content.decode()


def test_utilisateur_sans_role_agenda(client):
    client.force_login(UserFactory(professionnel=True))
    assert client.get(reverse("backoffice:agendas")).status_code == 404


def test_vue_semaine_date_invalide_ou_extreme(client, conseiller):
    client.force_login(conseiller)
    url = reverse("backoffice:agendas_semaine")
    for du in ("pas-une-date", "2026-13-01", "9999-12-31", "0001-01-01"):
        assert client.get(url, {"du": du}).status_code == 200
    assert client.get(url, {"agenda": "abc"}).status_code == 404


def test_fermeture_de_l_organisation_par_ses_responsables(client, org, equipe, responsable, conseiller, personne):
    plage = _plage(equipe, responsable)
    mardi = _prochain(2)
    reserve = Creneau.objects.filter(plage=plage, debut__date=mardi).order_by("debut").first()
    actions.reserver(personne, reserve, acting_user=conseiller)
    individuel = AgendaFactory(organisation=org, conseiller=conseiller)
    ponctuel = CreneauFactory(agenda=individuel, debut=timezone.make_aware(datetime.combine(mardi, time(14))))
    url = reverse("backoffice:agendas")
    donnees = {
        "fermeture-organisation": org.pk,
        "fermeture-debut": f"{mardi.isoformat()}T00:00",
        "fermeture-fin": f"{mardi.isoformat()}T23:59",
        "fermeture-motif": "Pont",
    }
    # The conseiller works the agendas but does not close the organisation: 404, nothing changes.
    client.force_login(conseiller)
    assert client.post(url, donnees).status_code == 404
    assert not Indisponibilite.objects.exists() and Creneau.objects.get(pk=ponctuel.pk).actif
    client.force_login(responsable)
    reponse = client.post(url, donnees | {"fermeture-motif": ""})
    assert "Ce champ est obligatoire." in reponse.content.decode()
    assert client.post(url, donnees).status_code == 302
    assert not Creneau.objects.filter(agenda__organisation=org, debut__date=mardi, actif=True).exists()
    assert Creneau.objects.get(pk=reserve.pk).nb_reservations == 1
    assert AuditEvent.objects.filter(event_type=TypeEvenement.INDISPONIBILITE_SAISIE, organisation=org).exists()
    # The nightly sweep keeps the day closed.
    plages_module.synchroniser_plage(plage)
    assert not Creneau.objects.filter(plage=plage, debut__date=mardi, actif=True).exists()
    autre = professionnel(OrganisationFactory(departement_id="62"), Role.RESPONSABLE_EQUIPE)
    with pytest.raises(ValidationError):
        actions_agendas.fermer_organisation(org, acting_user=autre, debut=dans(3, 8), fin=dans(3, 18), motif="x")
    assert Indisponibilite.objects.count() == 1
