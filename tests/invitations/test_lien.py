"""Issue 19: the booking link without an account (/rdv/<jeton>/).

Opening (forged, altered, expired on both sides of ``expire_le``, withdrawn), the identity check (birth
date or the letter's code, against the invitation's person only, locked after ``MAX_ECHECS`` failures,
limited per address), no personal data before it, the slots offered (motif, organisation, the 15-day
limit), the booking (replayed, refused, of another motif or organisation), the callback request and the
one-step account.
"""

import html
from datetime import date, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.urls import resolve, reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.invitations import actions_lien, lien
from francetravail.invitations.enums import StatutDemandeRappel, StatutInvitation
from francetravail.invitations.lien_acces import DUREE_VERIFICATION
from francetravail.invitations.models import DemandeRappel, Invitation
from francetravail.notifications.models import Notification
from francetravail.rendezvous.enums import Motif, StatutRendezVous, StatutSuivi
from francetravail.rendezvous.models import Creneau, RendezVous, SuiviRendezVous
from tests.contrats.factories import orientation_notifiee
from tests.factories import OrganisationFactory, PersonneFactory
from tests.invitations.factories_lien import CODE, invitation
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

NAISSANCE = date(1984, 7, 14)


@pytest.fixture
def org():
    return OrganisationFactory(departement_id="59", telephone="03 20 00 00 00", nom="Agence de Lille Centre")


@pytest.fixture
def agenda(org):
    return AgendaFactory(organisation=org)


@pytest.fixture
def personne(org):
    return PersonneFactory(
        organisme_referent=org,
        nom_naissance="Zébulon",
        prenoms="Aurélie Marthe",
        date_naissance=NAISSANCE,
        email="aurelie.zebulon@exemple.fr",
        telephone="0612345678",
    )


@pytest.fixture
def inv(personne, org):
    return invitation(personne, org, limite_rdv=timezone.localdate() + timedelta(days=12))


_JETONS = {}


def _texte(reponse):
    return html.unescape(reponse.content.decode())


def _url(invitation, nom="lien"):
    # A token carries its signing time: one per invitation, as the person's one message holds it.
    jeton = _JETONS.setdefault((invitation.pk, invitation.nonce), lien.jeton(invitation))
    return reverse(f"invitations:{nom}", kwargs={"jeton": jeton})


def _verifier(client, invitation, naissance=NAISSANCE):
    return client.post(
        _url(invitation),
        {"methode": "naissance", "jour": naissance.day, "mois": naissance.month, "annee": naissance.year},
    )


def _etat(personne):
    """What a refused request must leave unchanged."""
    inv = Invitation.objects.filter(personne=personne).values_list("statut", "rendez_vous_id", "utilisee_le")
    return (
        list(RendezVous.objects.filter(personne=personne).values_list("pk", "statut", "creneau_id")),
        list(Creneau.objects.order_by("pk").values_list("pk", "nb_reservations")),
        list(inv),
        list(SuiviRendezVous.objects.filter(personne=personne).values_list("statut", "rendez_vous_id")),
        Notification.objects.count(),
        AuditEvent.objects.filter(event_type=TypeEvenement.RDV_TRANSITION).count(),
    )


# --- Opening the link -------------------------------------------------------------------------------------


def test_un_lien_forge_est_une_page_claire_en_404(client):
    reponse = client.get(reverse("invitations:lien", kwargs={"jeton": "pas-un-jeton"}))
    assert reponse.status_code == 404
    assert "Ce lien n’est pas valide" in _texte(reponse)


def test_un_lien_altere_est_une_page_claire_en_404(client, inv):
    jeton = lien.jeton(inv)
    altere = jeton[:-2] + ("A" if jeton[-2] != "A" else "B") + jeton[-1]
    reponse = client.get(reverse("invitations:lien", kwargs={"jeton": altere}))
    assert reponse.status_code == 404
    assert "Ce lien n’est pas valide" in _texte(reponse)


def test_un_jeton_signe_pour_un_autre_nonce_n_ouvre_rien(client, inv):
    """A token signed right but naming an older nonce (the invitation was written again) opens nothing."""
    jeton = signing.dumps([inv.pk, "0" * 32], salt=lien.SEL, compress=True)
    assert client.get(reverse("invitations:lien", kwargs={"jeton": jeton})).status_code == 404


def test_expiration_une_seconde_avant_et_une_seconde_apres():
    inv = invitation(PersonneFactory(), OrganisationFactory())
    assert lien.lire(lien.jeton(inv), maintenant=inv.expire_le - timedelta(seconds=1)) == inv
    with pytest.raises(lien.LienExpire):
        lien.lire(lien.jeton(inv), maintenant=inv.expire_le)
    with pytest.raises(lien.LienExpire):
        lien.lire(lien.jeton(inv), maintenant=inv.expire_le + timedelta(seconds=1))


def test_la_page_d_un_lien_expire_dit_quoi_faire_sans_donnee_personnelle(client, personne, org):
    ouverte = invitation(personne, org, expire_le=timezone.now() + timedelta(seconds=30))
    assert client.get(_url(ouverte)).status_code == 200
    Invitation.objects.filter(pk=ouverte.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    reponse = client.get(_url(ouverte))
    assert reponse.status_code == 410
    page = _texte(reponse)
    assert "Ce lien n’est plus valable" in page
    assert "03 20 00 00 00" in page and "Agence de Lille Centre" in page
    _sans_donnee_personnelle(page, personne)


def test_une_invitation_retiree_ou_remplacee_est_une_page_claire(client, personne, org):
    ancienne = invitation(personne, org, statut=StatutInvitation.RETIREE)
    invitation(personne, org)
    reponse = client.get(_url(ancienne))
    assert reponse.status_code == 410
    assert "remplacée par une invitation plus récente" in _texte(reponse)


def test_on_ne_reserve_pas_avec_un_lien_expire(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    _verifier(client, inv)
    Invitation.objects.filter(pk=inv.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    avant = _etat(personne)
    assert client.post(_url(inv, "reserver"), {"creneau": creneau.pk}).status_code == 410
    assert _etat(personne) == avant


def test_l_action_refuse_une_seconde_apres_l_expiration(inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    avant = _etat(personne)
    with pytest.raises(actions_lien.ValidationError):
        actions_lien.reserver(inv, creneau, maintenant=inv.expire_le + timedelta(seconds=1))
    assert _etat(personne) == avant
    rdv, nouveau = actions_lien.reserver(inv, creneau, maintenant=inv.expire_le - timedelta(seconds=1))
    assert nouveau and rdv.statut == StatutRendezVous.RESERVE


# --- Identity check ---------------------------------------------------------------------------------------


def _sans_donnee_personnelle(page, personne):
    for valeur in (
        personne.nom_naissance,
        personne.prenoms.split()[0],
        personne.email,
        personne.telephone,
        personne.date_naissance.strftime("%d/%m/%Y"),
        str(personne.date_naissance.year),
        CODE,
    ):
        assert valeur not in page, valeur


def test_aucune_donnee_personnelle_avant_la_verification(client, inv, personne, agenda):
    CreneauFactory(agenda=agenda)
    reponse = client.get(_url(inv))
    assert reponse.status_code == 200
    page = _texte(reponse)
    assert "Votre date de naissance" in page and "Agence de Lille Centre" in page
    _sans_donnee_personnelle(page, personne)
    # Nor behind the other pages of the link: they send back to the check.
    for nom in ("confirmation", "espace", "rappel", "calendrier"):
        reponse = client.get(_url(inv, nom))
        assert reponse.status_code == 302 and reponse["Location"] == _url(inv), nom


def test_la_date_de_naissance_ouvre_les_creneaux(client, inv, agenda):
    CreneauFactory(agenda=agenda, debut=dans(3, heure=10))
    reponse = _verifier(client, inv)
    assert reponse.status_code == 302 and reponse["Location"] == _url(inv)
    page = _texte(client.get(_url(inv)))
    assert "Bonjour Aurélie Marthe" in page and "Choisir ce créneau" in page


def test_le_code_du_courrier_ouvre_les_creneaux_en_minuscules_et_avec_espaces(client, inv):
    reponse = client.post(_url(inv), {"methode": "code", "code": " qz7k 4w2m "})
    assert reponse.status_code == 302
    assert "Choisir un rendez-vous" in _texte(client.get(_url(inv)))


def test_un_lien_pour_une_autre_personne_ne_s_ouvre_pas_avec_sa_propre_date(client, inv, org):
    """Someone holding another person's link gives their own birth date: refused, counted."""
    autre = PersonneFactory(organisme_referent=org, date_naissance=date(1990, 1, 2))
    invitation(autre, org)
    reponse = _verifier(client, inv, naissance=autre.date_naissance)
    assert reponse.status_code == 200
    page = _texte(reponse)
    assert "ne correspondent pas" in page and "il vous reste 4 essais" in page
    inv.refresh_from_db()
    assert inv.echecs_verification == 1
    assert client.get(_url(inv, "confirmation")).status_code == 302


def test_la_verification_ne_vaut_que_pour_cette_invitation(client, inv, org):
    autre = invitation(PersonneFactory(organisme_referent=org, date_naissance=NAISSANCE), org)
    _verifier(client, inv)
    assert "Votre date de naissance" in _texte(client.get(_url(autre)))


def test_la_verification_expire_avec_le_temps(client, inv):
    _verifier(client, inv)
    session = client.session
    cle = f"invitations.lien.{inv.pk}"
    valeur = session[cle]
    valeur["jusqu_a"] -= DUREE_VERIFICATION + 1
    session[cle] = valeur
    session.save()
    assert "Votre date de naissance" in _texte(client.get(_url(inv)))


def test_bloquee_apres_cinq_echecs_pas_avant(client, inv):
    faux = date(1984, 7, 15)
    for _ in range(actions_lien.MAX_ECHECS - 1):
        _verifier(client, inv, naissance=faux)
    inv.refresh_from_db()
    assert inv.bloquee_jusqu_a is None and inv.echecs_verification == actions_lien.MAX_ECHECS - 1
    reponse = _verifier(client, inv, naissance=faux)
    assert "ce lien est bloqué jusqu'au" in _texte(reponse)
    inv.refresh_from_db()
    assert inv.bloquee_jusqu_a is not None
    assert inv.bloquee_jusqu_a - timezone.now() > actions_lien.DUREE_BLOCAGE - timedelta(minutes=1)
    # Even the right answer is refused while locked, and the page says so on a plain visit.
    reponse = _verifier(client, inv)
    assert reponse.status_code == 200 and "bloqué" in _texte(reponse)
    assert "Bonjour" not in _texte(client.get(_url(inv)))
    assert "bloqué" in _texte(client.get(_url(inv)))


def test_le_blocage_se_leve_a_son_heure(inv):
    Invitation.objects.filter(pk=inv.pk).update(bloquee_jusqu_a=timezone.now() + timedelta(minutes=5))
    maintenant = timezone.now()
    assert not actions_lien.verifier_identite(
        inv, date_naissance=NAISSANCE, maintenant=maintenant + timedelta(minutes=5) - timedelta(seconds=1)
    ).reussie
    assert actions_lien.verifier_identite(
        inv, date_naissance=NAISSANCE, maintenant=maintenant + timedelta(minutes=5, seconds=1)
    ).reussie
    inv.refresh_from_db()
    assert inv.bloquee_jusqu_a is None and inv.echecs_verification == 0


def test_trop_d_essais_depuis_une_adresse(client, settings, personne, org):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invitation_verification": "2/m/ip"}
    invs = [invitation(PersonneFactory(organisme_referent=org), org) for _ in range(3)]
    assert _verifier(client, invs[0], naissance=date(2000, 1, 1)).status_code == 200
    assert _verifier(client, invs[1], naissance=date(2000, 1, 1)).status_code == 200
    reponse = _verifier(client, invs[2], naissance=invs[2].personne.date_naissance)
    assert reponse.status_code == 429
    assert "Trop d'essais depuis cette connexion" in _texte(reponse)
    invs[2].refresh_from_db()
    assert invs[2].echecs_verification == 0


def test_une_date_impossible_est_dite_sans_compter_d_echec(client, inv):
    reponse = client.post(_url(inv), {"methode": "naissance", "jour": "31", "mois": "2", "annee": "1984"})
    assert "Cette date n'existe pas" in _texte(reponse)
    inv.refresh_from_db()
    assert inv.echecs_verification == 0


# --- Slots offered --------------------------------------------------------------------------------------


def test_les_creneaux_offerts_motif_organisation_et_limite(client, inv, agenda, org):
    limite = inv.limite_rdv
    offert = CreneauFactory(agenda=agenda, debut=dans(2, heure=9))
    dernier_jour = CreneauFactory(agenda=agenda, debut=dans((limite - timezone.localdate()).days, heure=17))
    apres = CreneauFactory(agenda=agenda, debut=dans((limite - timezone.localdate()).days + 1, heure=8))
    autre_motif = CreneauFactory(agenda=agenda, motif=Motif.DIAGNOSTIC, debut=dans(2, heure=11))
    autre_org = CreneauFactory(debut=dans(2, heure=14))
    complet = CreneauFactory(agenda=agenda, debut=dans(2, heure=15), nb_reservations=1)
    session = CreneauFactory(
        agenda=agenda, debut=dans(4, heure=14), capacite=12, nb_reservations=9, intitule="Information collective RSA"
    )
    _verifier(client, inv)
    page = _texte(client.get(_url(inv)))
    offerts = {c.pk for c in [offert, dernier_jour, session]}
    refuses = {c.pk for c in [apres, autre_motif, autre_org, complet]}
    for pk in offerts:
        assert f'value="{pk}"' in page
    for pk in refuses:
        assert f'value="{pk}"' not in page
    assert "Information collective RSA" in page and "3 places restantes" in page


@pytest.mark.parametrize("quoi", ["apres_la_limite", "autre_motif", "autre_organisation"])
def test_un_creneau_hors_invitation_force_est_refuse(client, inv, agenda, personne, quoi):
    jours_apres = (inv.limite_rdv - timezone.localdate()).days + 1
    creneau = {
        "apres_la_limite": lambda: CreneauFactory(agenda=agenda, debut=dans(jours_apres, heure=8)),
        "autre_motif": lambda: CreneauFactory(agenda=agenda, motif=Motif.DIAGNOSTIC),
        "autre_organisation": lambda: CreneauFactory(),
    }[quoi]()
    _verifier(client, inv)
    avant = _etat(personne)
    reponse = client.post(_url(inv, "reserver"), {"creneau": creneau.pk})
    assert reponse.status_code == 200
    page = _texte(reponse)
    assert "date limite de votre invitation" in page or "ne fait pas partie" in page
    assert _etat(personne) == avant


def test_le_delai_de_quinze_jours_depuis_l_orientation_s_applique_aussi(client, personne, org, agenda):
    """No ``limite_rdv`` on the invitation: the first appointment's delay still refuses day 16."""
    maintenant = timezone.now()
    il_y_a_5_jours = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=5), datetime.min.time())
    )
    orientation_notifiee(personne, notifiee_le=il_y_a_5_jours.replace(hour=9))
    inv = invitation(personne, org, expire_le=maintenant + timedelta(days=20))
    jour_15, jour_16 = (
        CreneauFactory(agenda=agenda, debut=dans(10, heure=18)),
        CreneauFactory(agenda=agenda, debut=dans(11, heure=8)),
    )
    _verifier(client, inv)
    avant = _etat(personne)
    reponse = client.post(_url(inv, "reserver"), {"creneau": jour_16.pk})
    assert "trop tard pour un premier rendez-vous" in _texte(reponse)
    assert _etat(personne) == avant
    assert client.post(_url(inv, "reserver"), {"creneau": jour_15.pk}).status_code == 302
    assert RendezVous.objects.get(personne=personne).premier_rendez_vous


# --- Booking --------------------------------------------------------------------------------------------


def test_reserver_depuis_le_lien(client, inv, agenda, personne, django_capture_on_commit_callbacks):
    creneau = CreneauFactory(agenda=agenda, debut=dans(3, heure=10))
    _verifier(client, inv)
    reponse = client.post(_url(inv, "reserver"), {"creneau": creneau.pk})
    assert reponse.status_code == 302 and reponse["Location"] == _url(inv, "confirmation")
    rdv = RendezVous.objects.get(personne=personne)
    assert rdv.statut == StatutRendezVous.RESERVE and rdv.creneau == creneau and rdv.reserve_par is None
    creneau.refresh_from_db()
    assert creneau.nb_reservations == 1
    inv.refresh_from_db()
    assert inv.statut == StatutInvitation.UTILISEE and inv.rendez_vous == rdv and inv.utilisee_le is not None
    suivi = SuiviRendezVous.objects.get(personne=personne, motif=inv.motif)
    assert (suivi.statut, suivi.rendez_vous_id, suivi.invitation_id) == (StatutSuivi.RDV_PRIS, rdv.pk, inv.pk)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.RDV_TRANSITION, personne=personne)
    assert evenement.data["invitation_id"] == inv.pk and evenement.acting_user is None
    envois = {n.canal: n for n in Notification.objects.filter(type_notification="invitations.lien_confirmation")}
    assert envois["email"].adresse == "aurelie.zebulon@exemple.fr" and envois["email"].destinataire is None
    assert envois["sms"].adresse == "0612345678"
    chemin = envois["sms"].contexte["lien"]
    assert resolve(chemin).view_name == "invitations:lien"
    assert signing.loads(resolve(chemin).kwargs["jeton"], salt=lien.SEL) == [inv.pk, inv.nonce]
    page = _texte(client.get(_url(inv, "confirmation")))
    assert "Votre rendez-vous est confirmé" in page
    assert "12 rue de la Gare, 59000 Lille" in page and "pièce d’identité" in page
    assert "Créer mon espace" in page and "Non merci" in page
    # Opening the link again (after the check) leads to the booking.
    assert client.get(_url(inv))["Location"] == _url(inv, "confirmation")


def test_une_reservation_rejouee_ne_reserve_rien_de_plus(client, inv, agenda, personne):
    creneau, autre = CreneauFactory(agenda=agenda), CreneauFactory(agenda=agenda, debut=dans(4))
    _verifier(client, inv)
    client.post(_url(inv, "reserver"), {"creneau": creneau.pk})
    avant = _etat(personne)
    for choisi in (creneau, autre):
        reponse = client.post(_url(inv, "reserver"), {"creneau": choisi.pk})
        assert reponse.status_code == 302 and reponse["Location"] == _url(inv, "confirmation")
    assert _etat(personne) == avant
    # The action itself, called again, returns the same appointment.
    rdv, nouveau = actions_lien.reserver(inv, autre)
    assert not nouveau and rdv.creneau == creneau
    assert _etat(personne) == avant


def test_reserver_sans_verification_renvoie_a_la_verification(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    avant = _etat(personne)
    reponse = client.post(_url(inv, "reserver"), {"creneau": creneau.pk})
    assert reponse.status_code == 302 and reponse["Location"] == _url(inv)
    assert _etat(personne) == avant


def test_un_creneau_devenu_complet_est_dit_clairement(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    _verifier(client, inv)
    Creneau.objects.filter(pk=creneau.pk).update(nb_reservations=1)
    avant = _etat(personne)
    reponse = client.post(_url(inv, "reserver"), {"creneau": creneau.pk})
    assert "est complet : choisissez-en un autre" in _texte(reponse)
    assert _etat(personne) == avant


def test_sans_telephone_mobile_la_confirmation_part_par_courriel_seulement(inv, agenda, personne):
    personne.telephone = "0320000000"
    personne.save(update_fields=["telephone"])
    actions_lien.reserver(inv, CreneauFactory(agenda=agenda))
    assert list(Notification.objects.values_list("canal", flat=True)) == ["email"]


# --- Callback request -----------------------------------------------------------------------------------


def test_demander_a_etre_rappele(client, inv, personne):
    _verifier(client, inv)
    page = _texte(client.get(_url(inv, "rappel")))
    assert 'value="0612345678"' in page
    reponse = client.post(_url(inv, "rappel"), {"telephone": "07 11 22 33 44", "disponibilites": "le matin"})
    assert "Votre demande est envoyée" in _texte(reponse)
    demande = DemandeRappel.objects.get(invitation=inv)
    assert (demande.telephone, demande.disponibilites, demande.statut) == (
        "0711223344",
        "le matin",
        StatutDemandeRappel.A_TRAITER,
    )
    assert SuiviRendezVous.objects.get(personne=personne, motif=inv.motif).statut == StatutSuivi.RAPPEL_DEMANDE
    # Asked again: the same request, updated.
    client.post(_url(inv, "rappel"), {"telephone": "0711223355", "disponibilites": ""})
    assert DemandeRappel.objects.get(invitation=inv).telephone == "0711223355"


def test_un_numero_invalide_est_refuse(client, inv):
    _verifier(client, inv)
    reponse = client.post(_url(inv, "rappel"), {"telephone": "12", "disponibilites": ""})
    assert "numéro français à 10 chiffres" in _texte(reponse)
    assert not DemandeRappel.objects.exists()


# --- The .ics -------------------------------------------------------------------------------------------


def test_le_fichier_ics_est_lie_a_l_invitation_verifiee(client, inv, agenda, org):
    _verifier(client, inv)
    client.post(_url(inv, "reserver"), {"creneau": CreneauFactory(agenda=agenda).pk})
    reponse = client.get(_url(inv, "calendrier"))
    # The .ics itself is the « agendas » part (rendezvous.ics): until it exists the route is a 404 and
    # the confirmation page offers no link to it.
    if reponse.status_code == 200:
        assert reponse["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VCALENDAR" in reponse.content
    else:
        assert reponse.status_code == 404
        assert "rendez-vous.ics" not in _texte(client.get(_url(inv, "confirmation")))
    # Another invitation's session opens nothing.
    autre = invitation(PersonneFactory(organisme_referent=org), org)
    assert client.get(_url(autre, "calendrier")).status_code == 302


# --- The one-step account -------------------------------------------------------------------------------


def _reserve(client, inv, agenda):
    _verifier(client, inv)
    client.post(_url(inv, "reserver"), {"creneau": CreneauFactory(agenda=agenda).pk})


def test_creer_son_espace_en_une_etape(client, inv, agenda, personne, django_capture_on_commit_callbacks):
    _reserve(client, inv, agenda)
    page = _texte(client.get(_url(inv, "espace")))
    assert 'value="aurelie.zebulon@exemple.fr"' in page and 'value="Aurélie"' in page and 'value="Zébulon"' in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            _url(inv, "espace"),
            {
                "email": "Aurelie.Zebulon@exemple.fr",
                "prenom": "Aurélie",
                "nom": "Zébulon",
                "mot_de_passe": "Tilleul-vert-2026",
            },
        )
    assert "Confirmez votre adresse électronique" in _texte(reponse)
    personne.refresh_from_db()
    user = personne.user
    assert (
        user.email == "aurelie.zebulon@exemple.fr" and user.est_personne and user.check_password("Tilleul-vert-2026")
    )
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["aurelie.zebulon@exemple.fr"]
    assert AuditEvent.objects.filter(event_type=TypeEvenement.COMPTE_CREE, personne=personne).exists()
    # Not logged in: the address must be confirmed first.
    assert "_auth_user_id" not in client.session
    # Once created, the link offers no second account.
    assert "Vous avez déjà un espace" in _texte(client.get(_url(inv, "espace")))
    assert "Créer mon espace" not in _texte(client.get(_url(inv, "confirmation")))


def test_un_mot_de_passe_faible_est_refuse(client, inv, agenda, personne):
    _reserve(client, inv, agenda)
    reponse = client.post(
        _url(inv, "espace"), {"email": "a@exemple.fr", "prenom": "Aurélie", "nom": "Zébulon", "mot_de_passe": "court"}
    )
    assert "Ce mot de passe est trop court" in _texte(reponse)
    personne.refresh_from_db()
    assert personne.user_id is None and not User.objects.filter(email="a@exemple.fr").exists()


def test_une_adresse_deja_prise_n_est_pas_revelee(client, inv, agenda, personne, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    UserFactory(email="deja@exemple.fr")
    _reserve(client, inv, agenda)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            _url(inv, "espace"),
            {"email": "deja@exemple.fr", "prenom": "Aurélie", "nom": "Zébulon", "mot_de_passe": "Tilleul-vert-2026"},
        )
    assert "Confirmez votre adresse électronique" in _texte(reponse)
    personne.refresh_from_db()
    assert personne.user_id is None
    assert User.objects.filter(email="deja@exemple.fr").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["deja@exemple.fr"]


def test_non_merci_cache_la_proposition(client, inv, agenda):
    _reserve(client, inv, agenda)
    page = _texte(client.get(_url(inv, "confirmation") + "?espace=non"))
    assert "Créer mon espace" not in page and "Votre rendez-vous est confirmé" in page


def test_un_creneau_deja_propose_par_le_conseiller_devient_la_reservation(inv, agenda, personne, org):
    from francetravail.rendezvous import actions as rdv_actions
    from francetravail.reseau.enums import Role
    from tests.factories import professionnel

    creneau, autre = CreneauFactory(agenda=agenda), CreneauFactory(agenda=agenda, debut=dans(5))
    offres = rdv_actions.proposer_creneaux(personne, [creneau, autre], acting_user=professionnel(org, Role.CONSEILLER))
    rdv, _ = actions_lien.reserver(inv, creneau)
    assert rdv.pk == offres[0].pk and rdv.statut == StatutRendezVous.RESERVE
    # The other offer of the same motif is withdrawn, as when the person books in their space.
    assert RendezVous.objects.get(pk=offres[1].pk).statut == StatutRendezVous.ANNULE
    assert RendezVous.objects.filter(personne=personne).count() == 2


# --- Cancelling from the link ---------------------------------------------------------------------------


def test_annuler_depuis_le_lien(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    _reserve_sur(client, inv, creneau)
    assert "Annuler ce rendez-vous" in _texte(client.get(_url(inv, "confirmation")))
    avant = _etat(personne)
    reponse = client.post(_url(inv, "annuler"), {"motif": ""})
    assert "Indiquez le motif de l'annulation" in _texte(reponse)
    assert _etat(personne) == avant
    reponse = client.post(_url(inv, "annuler"), {"motif": "Je suis malade."})
    assert reponse.status_code == 302 and reponse["Location"] == _url(inv, "confirmation")
    rdv = RendezVous.objects.get(personne=personne)
    assert (rdv.statut, rdv.motif) == (StatutRendezVous.ANNULE, "Je suis malade.")
    creneau.refresh_from_db()
    assert creneau.nb_reservations == 0
    assert SuiviRendezVous.objects.get(personne=personne, motif=inv.motif).statut == StatutSuivi.ANNULE
    page = _texte(client.get(_url(inv, "confirmation")))
    assert "Ce rendez-vous est annulé" in page and "03 20 00 00 00" in page
    assert "Annuler ce rendez-vous" not in page
    # Cancelled already: the page sends back to the booking, nothing changes.
    avant = _etat(personne)
    assert client.post(_url(inv, "annuler"), {"motif": "Encore"})["Location"] == _url(inv, "confirmation")
    assert _etat(personne) == avant


def test_annuler_demande_la_verification(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    actions_lien.reserver(inv, creneau)
    avant = _etat(personne)
    reponse = client.post(_url(inv, "annuler"), {"motif": "Pas moi."})
    assert reponse.status_code == 302 and reponse["Location"] == _url(inv)
    assert _etat(personne) == avant


def test_un_rendez_vous_commence_ne_s_annule_plus(client, inv, agenda, personne):
    creneau = CreneauFactory(agenda=agenda)
    _reserve_sur(client, inv, creneau)
    Creneau.objects.filter(pk=creneau.pk).update(
        debut=timezone.now() - timedelta(minutes=1), fin=timezone.now() + timedelta(minutes=40)
    )
    avant = _etat(personne)
    reponse = client.post(_url(inv, "annuler"), {"motif": "Trop tard."})
    assert "a déjà commencé" in _texte(reponse)
    assert _etat(personne) == avant


def _reserve_sur(client, inv, creneau):
    _verifier(client, inv)
    assert client.post(_url(inv, "reserver"), {"creneau": creneau.pk}).status_code == 302
