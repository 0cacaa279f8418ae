import re

from django.apps import apps

from demo.charger import charger_demo
from demo.reseau import identifiants_demo
from francetravail.comptes.models import User


def _compte_tout():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label not in {"sessions"}}


def test_les_donnees_de_demo_sont_idempotentes(demo_chargee):
    avant = _compte_tout()
    charger_demo()
    assert _compte_tout() == avant


def test_chaque_compte_de_demo_imprime_existe(demo_chargee):
    for _label, email in identifiants_demo():
        assert User.objects.filter(email=email).exists(), email


def test_la_demo_montre_une_demande_de_rattachement_a_confirmer(demo_chargee, client):
    """Lille Centre's admin finds, from the dashboard, the département's request for Léa Girard."""
    from django.urls import reverse

    client.force_login(User.objects.get(email__startswith="admin.organisation@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "1 demande de rattachement à confirmer" in tableau


def test_la_demo_montre_une_fin_de_droit_au_rsa_a_decider(demo_chargee, client):
    """The département's decider finds, from the dashboard, Nathalie Mercier's total suppression of 4 months
    that ended yesterday: the end of her RSA right may be decided (CASF R262-68)."""
    from django.urls import reverse

    client.force_login(User.objects.get(email__startswith="decideur@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Fins de droit au RSA à décider" in tableau and "1 à décider" in tableau
    assert "MERCIER" in client.get(reverse("backoffice:sanctions_fins_droit")).content.decode().upper()


def test_la_demo_montre_des_notifications_non_lues_a_la_personne_et_au_conseiller(demo_chargee, client):
    """Marie Dupont and the Lille conseiller find unread notifications from the header's badge."""
    from django.urls import reverse

    client.force_login(User.objects.get(email__startswith="personne@"))
    # Other steps of the demo notify them too (the contract submitted to Marie…): at least these.
    assert re.search(r'ft-compteur-notifications">[1-9]', client.get(reverse("personnes:espace")).content.decode())
    assert "Rendez-vous confirmé" in client.get(reverse("notifications:liste")).content.decode()
    client.force_login(User.objects.get(email__startswith="conseiller@"))
    assert re.search(r'ft-compteur-notifications">[1-9]', client.get(reverse("backoffice:accueil")).content.decode())
    centre = client.get(reverse("backoffice:notifications")).content.decode()
    assert "Nouveau message d&#x27;une personne accompagnée" in centre


def test_la_demo_montre_ou_j_en_suis_a_trois_etapes(demo_chargee, client):
    """Three people of the demo, three steps of « Où j'en suis » with what to do next."""
    from django.urls import reverse

    attendus = {
        "personne.nouvelle@": ("Étape actuelle : Inscription", "Commencer mon inscription"),
        "personne@": ("Étape actuelle : Contrat d’engagement", "Lire et accepter mon contrat d’engagement"),
        "personne.signe@": ("Étape actuelle : Accompagnement", "Votre contrat d’engagement est signé"),
    }
    for debut, textes in attendus.items():
        client.force_login(User.objects.get(email__startswith=debut))
        page = client.get(reverse("personnes:espace")).content.decode()
        assert all(texte in page for texte in textes), (debut, textes)


def test_la_demo_montre_un_accompagnement_termine(demo_chargee, client):
    """Karim Lefebvre's accompaniment ended (reprise d'emploi): his référent reads it on his page and may reopen it."""
    from django.urls import reverse

    from francetravail.personnes.models import Personne

    karim = Personne.objects.get(nom_naissance="Lefebvre", prenoms="Karim")
    client.force_login(User.objects.get(email__startswith="conseiller@"))
    page = client.get(reverse("backoffice:fiche_personne", args=[karim.pk])).content.decode()
    assert "Accompagnement terminé" in page and "CDI de cariste dans un entrepôt" in page
    assert "accompagnement/rouvrir/" in page


def test_la_demo_montre_la_fiche_d_un_coup_d_oeil(demo_chargee, client):
    """Marie Dupont's page: every step's block, the Mission locale around her file, her history."""
    from django.urls import reverse

    from demo.reseau import trouver_personne

    marie = trouver_personne("Dupont", "Marie")
    client.force_login(User.objects.get(email__startswith="conseiller@"))
    page = client.get(reverse("backoffice:fiche_personne", args=[marie.pk])).content.decode()
    assert "Le parcours, étape par étape" in page and "Mission locale de Lille" in page
    assert "Aucun événement enregistré." not in page
    historique = client.get(reverse("backoffice:historique_personne", args=[marie.pk])).content.decode()
    assert "<tbody>" in historique


def test_la_demo_montre_une_equipe_au_dela_de_sa_cible_et_des_modalites(demo_chargee, client):
    """Léa Girard runs Lille Centre's team and carries 41 people in « accompagnement global » (target 40);
    Camille Durand's portfolio shows each person's modality and an overdue point d'étape."""
    from django.urls import reverse

    client.force_login(User.objects.get(email__startswith="conseiller.equipe@"))
    tableau = client.get(reverse("backoffice:accueil")).content.decode()
    assert "1 professionnel au-delà de la cible" in tableau
    assert "41 / 40" in client.get(reverse("backoffice:charge_equipe")).content.decode()
    client.force_login(User.objects.get(email__startswith="conseiller@"))
    page = client.get(reverse("backoffice:personnes"), {"portefeuille": "1"}).content.decode()
    assert "Intensif (jusqu" in page and "Guidé" in page and "En retard" in page


def test_la_demo_donne_du_travail_au_conseiller_et_au_decideur(demo_chargee, client):
    """« À faire »: the Lille conseiller and the département's decider each find work on their dashboard,
    and each queue's page lists the people counted."""
    from django.urls import reverse

    from francetravail.personnes import a_faire

    conseiller = User.objects.get(email__startswith="conseiller@")
    nombres = {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(conseiller)}
    assert nombres["messages_sans_reponse"] >= 1
    assert nombres["manquements_a_examiner"] >= 1
    assert nombres["premiers_rdv_en_retard"] >= 1
    client.force_login(conseiller)
    assert (
        "LEFORT"
        in client.get(reverse("backoffice:personnes"), {"a_faire": "premiers_rdv_en_retard"}).content.decode().upper()
    )
    decideur = User.objects.get(email__startswith="decideur@")
    nombres = {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(decideur)}
    assert nombres["orientations_a_decider"] >= 1
    client.force_login(decideur)
    assert "PETIT" in client.get(reverse("backoffice:orientations")).content.decode().upper()


def test_la_demo_a_un_agenda_aux_creneaux_libres(demo_chargee, client):
    """Camille Durand's agenda opens free slots from its recurring patterns for the weeks ahead (the first
    appointment within 15 days needs them), on working days only, none during her absence; the team agenda
    has a weekly information collective of 12 seats; a second seed adds none."""
    from django.urls import reverse
    from django.utils import timezone

    from demo.agenda import INTITULE_INFO_COLLECTIVE, JOURNEE, LIBELLE, MOTIF_ABSENCE
    from demo.reseau import trouver_personne
    from francetravail.rendezvous.models import Creneau, Indisponibilite

    libres = Creneau.objects.filter(agenda__libelle=LIBELLE, debut__gt=timezone.now(), nb_reservations=0, actif=True)
    assert libres.count() >= 9 * len(JOURNEE)  # two working weeks at least, less the absence and holidays
    assert all(timezone.localtime(c.debut).weekday() < 5 for c in libres)
    absence = Indisponibilite.objects.get(agenda__libelle=LIBELLE, motif=MOTIF_ABSENCE)
    assert not libres.filter(debut__lt=absence.fin, fin__gt=absence.debut).exists()
    sessions = Creneau.objects.filter(intitule=INTITULE_INFO_COLLECTIVE, debut__gt=timezone.now())
    assert sessions.count() >= 4 and {c.capacite for c in sessions} == {12}
    nombre = Creneau.objects.count()
    client.force_login(User.objects.get(email__startswith="conseiller@"))
    assert LIBELLE in client.get(reverse("backoffice:agendas")).content.decode()
    marie = trouver_personne("Dupont", "Marie")
    page = client.get(reverse("backoffice:rendez_vous_personne", args=[marie.pk])).content.decode()
    assert "Entretien d&#x27;orientation" in page or "Entretien d'orientation" in page
    charger_demo()
    assert Creneau.objects.count() == nombre


def test_la_demo_montre_la_vie_d_un_droit_rsa(demo_chargee, client):
    """Issue 18: a household suspended (still in the lists), one closed (its référent told), one absent
    from the last monthly stock (in the queue of the Nord CD's administrator)."""
    from django.urls import reverse

    from francetravail.notifications.models import Notification
    from francetravail.personnes import a_faire
    from francetravail.personnes.models import Personne
    from inscription.models import DroitRSA

    ines = Personne.objects.get(nom_naissance="Leroux", prenoms="Inès")
    sofiane = Personne.objects.get(nom_naissance="Lambert", prenoms="Sofiane")
    assert DroitRSA.objects.en_vigueur().filter(personne=ines).exists()
    assert not DroitRSA.objects.en_vigueur().filter(personne=sofiane).exists()
    assert Notification.objects.filter(
        destinataire=sofiane.referent_unique, type_notification="inscription.droit_rsa_clos_flux"
    ).exists()
    administrateur = User.objects.get(email__startswith="admin.departement@")
    nombres = {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(administrateur)}
    assert nombres["droits_absents_du_stock"] >= 1
    client.force_login(administrateur)
    page = client.get(reverse("backoffice:droits_absents", kwargs={"departement": "59"})).content.decode()
    assert "Claire MOREAU" in page
    client.force_login(ines.referent_unique)
    page = client.get(reverse("backoffice:fiche_personne", args=[ines.pk])).content.decode()
    assert "versement suspendu" in page and "Samuel BARRY" in page
