"""Issue 19: a département's staff words its invitations (list, editor with preview, validation, dated
history, back to the national text), and ``formulations.rendre`` uses it — the national text before, and
for another département."""

import pytest
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.invitations import formulations, redaction
from francetravail.invitations.enums import CleFormulation
from francetravail.invitations.models import Formulation
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel

pytestmark = pytest.mark.django_db
SMS = CleFormulation.INVITATION_SMS
TEXTE = "{{ organisation }} vous attend ({{ motif }}). Réservez avant le {{ expire_le }} : {{ lien }}"
CONTEXTE = {"organisation": "CD Nord", "motif": "entretien", "expire_le": "12 mai", "lien": "https://x/rdv/a/"}


@pytest.fixture
def cd_nord():
    return OrganisationFactory(conseil_departemental=True, departement_id="59")


@pytest.fixture
def admin_cd(cd_nord):
    return professionnel(cd_nord, Role.ADMIN_ORGANISATION, first_name="Inès", last_name="Roux")


@pytest.fixture
def pilote_cd(cd_nord):
    return professionnel(cd_nord, Role.PILOTE)


def _url(nom, **kwargs):
    return reverse(f"backoffice:{nom}", kwargs=kwargs)


def _etat():
    return (
        list(Formulation.objects.values_list("pk", "texte")),
        AuditEvent.objects.filter(event_type__startswith="invitations.formulation").count(),
    )


# --- Who -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "qui",
    [
        "conseiller_cd",
        "conseiller_ft",
        "admin_ft",
        "admin_autre_departement",
        "pilote_autre_departement",
    ],
)
def test_refus_404_et_rien_ne_change(client, cd_nord, qui):
    autre_cd = OrganisationFactory(conseil_departemental=True, departement_id="62")
    ft = OrganisationFactory(departement_id="59")
    user = {
        "conseiller_cd": lambda: professionnel(cd_nord, Role.CONSEILLER),
        "conseiller_ft": lambda: professionnel(ft, Role.CONSEILLER),
        "admin_ft": lambda: professionnel(ft, Role.ADMIN_ORGANISATION),
        "admin_autre_departement": lambda: professionnel(autre_cd, Role.ADMIN_ORGANISATION),
        "pilote_autre_departement": lambda: professionnel(autre_cd, Role.PILOTE),
    }[qui]()
    client.force_login(user)
    avant = _etat()
    assert client.get(_url("formulations", departement="59")).status_code == 404
    assert client.get(_url("formulation", departement="59", cle=SMS)).status_code == 404
    reponse = client.post(_url("formulation", departement="59", cle=SMS), {"texte": TEXTE, "action": "enregistrer"})
    assert reponse.status_code == 404
    assert client.post(_url("formulation_national", departement="59", cle=SMS)).status_code == 404
    assert _etat() == avant
    if qui.endswith("autre_departement"):
        # Their own département's pages are open to them.
        assert client.get(_url("formulations", departement="62")).status_code == 200
    else:
        assert client.get(_url("formulations_accueil")).status_code == 404


def test_le_pilote_du_cd_aussi(client, pilote_cd):
    client.force_login(pilote_cd)
    reponse = client.get(_url("formulations_accueil"))
    assert reponse.status_code == 302 and reponse.url == _url("formulations", departement="59")


def test_une_cle_inconnue_est_une_404(client, admin_cd):
    client.force_login(admin_cd)
    assert client.get(_url("formulation", departement="59", cle="autre")).status_code == 404


# --- The list, the editor, the preview, the history ------------------------------------------------------


def test_liste_des_six_textes_national_puis_personnalise(client, admin_cd):
    client.force_login(admin_cd)
    page = client.get(_url("formulations", departement="59")).content.decode()
    assert page.count("Texte national") == 6
    redaction.rediger(admin_cd.memberships.first().organisation.departement, SMS, TEXTE, acting_user=admin_cd)
    page = client.get(_url("formulations", departement="59")).content.decode()
    assert page.count("Texte national") == 5
    assert f"depuis le {timezone.localtime():%d/%m/%Y}" in page


def test_apercu_sans_enregistrer_avec_mentions_et_segments(client, admin_cd):
    client.force_login(admin_cd)
    avant = _etat()
    reponse = client.post(_url("formulation", departement="59", cle=SMS), {"texte": TEXTE, "action": "apercu"})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "vous attend (entretien d&#x27;orientation). Réservez avant le" in page
    assert "https://rdv.exemple.gouv.fr/rdv/" in page
    assert "Absence non excusée à un RDV pris" in page  # the legal mention, after the wording
    assert "SMS complet :" in page
    assert _etat() == avant
    # The live fragment: only the preview.
    fragment = client.post(
        _url("formulation", departement="59", cle=SMS),
        {"texte": "Bonjour {{ lien }}", "action": "apercu", "fragment": "1"},
    ).content.decode()
    assert fragment.strip().startswith("{% comment %}") is False and 'id="apercu-formulation"' in fragment
    assert "<h1>" not in fragment


def test_segments_sms_des_deux_cotes_des_bornes():
    assert redaction.segments_sms("a" * 160) == (160, 1, "GSM")
    assert redaction.segments_sms("a" * 161) == (161, 2, "GSM")
    assert redaction.segments_sms("a" * 306)[1] == 2
    assert redaction.segments_sms("a" * 307)[1] == 3
    assert redaction.segments_sms("é" * 160)[2] == "GSM"  # é is in the GSM alphabet
    assert redaction.segments_sms("ê" * 70)[:2] == (70, 1)  # ê is not: Unicode, 70 per SMS
    assert redaction.segments_sms("ê" * 71)[:2] == (71, 2)
    assert redaction.segments_sms("€" * 80)[:2] == (160, 1)  # the extension counts twice


def test_enregistrer_puis_historique_puis_revenir_au_national(client, admin_cd, pilote_cd):
    client.force_login(admin_cd)
    reponse = client.post(_url("formulation", departement="59", cle=SMS), {"texte": TEXTE, "action": "enregistrer"})
    assert reponse.status_code == 302
    f = Formulation.objects.get()
    assert (f.departement_id, f.cle, f.texte, f.created_by) == ("59", SMS, TEXTE, admin_cd)
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.FORMULATION_REDIGEE)
    assert evenement.acting_user == admin_cd and evenement.data["formulation_id"] == f.pk
    # A second wording by the pilote: a new row, the first one untouched.
    client.force_login(pilote_cd)
    client.post(
        _url("formulation", departement="59", cle=SMS),
        {"texte": "Nouveau : {{ lien }}", "action": "enregistrer"},
    )
    assert Formulation.objects.get(pk=f.pk).texte == TEXTE
    page = client.get(_url("formulation", departement="59", cle=SMS)).content.decode()
    assert "Inès Roux" in page and "Nouveau : {{ lien }}" in page
    # Back to the national text: a dated row marks it, the national text is rendered again.
    assert client.post(_url("formulation_national", departement="59", cle=SMS)).status_code == 302
    assert Formulation.objects.count() == 3 and Formulation.objects.latest("valide_du").texte == ""
    assert AuditEvent.objects.filter(event_type=TypeEvenement.FORMULATION_NATIONALE).count() == 1
    assert formulations.en_vigueur(SMS, "59") is None
    assert formulations.rendre(SMS, departement_id="59", contexte=CONTEXTE).startswith("CD Nord vous invite")
    page = client.get(_url("formulation", departement="59", cle=SMS)).content.decode()
    assert "Retour au texte national" in page and "Le texte national s’applique." in page
    # Already national: refused, nothing written.
    avant = _etat()
    client.post(_url("formulation_national", departement="59", cle=SMS))
    assert _etat() == avant


@pytest.mark.parametrize(
    ("cle", "texte", "message"),
    [
        (SMS, "Prenez rendez-vous {% if limite %}avant le {{ limite }}", "n&#x27;est pas fermée par {% endif %}"),
        (SMS, "Bonjour {{ nom_de_famille }} : {{ lien }}", "Variable inconnue : nom_de_famille"),
        (SMS, "Bonjour {{ prenom|upper }} : {{ lien }}", "sans filtre ni point"),
        (SMS, '{% include "base.html" %} {{ lien }}', "seules les balises if, elif, else et endif"),
        (SMS, "Prenez rendez-vous en ligne.", "ajoutez {{ lien }}"),
        (CleFormulation.RELANCE_EMAIL, "Bonjour {{ prenom }}", "ajoutez {{ lien }}"),
        (CleFormulation.INVITATION_COURRIER, "Allez sur {{ lien }}", "ajoutez {{ code }}"),
        (SMS, "   ", "Le texte est vide"),
        (SMS, "{{ lien }}" + "a" * 3000, "dépasse 3000 caractères"),
    ],
)
def test_validation_en_francais_et_rien_n_est_enregistre(client, admin_cd, cle, texte, message):
    client.force_login(admin_cd)
    avant = _etat()
    reponse = client.post(_url("formulation", departement="59", cle=cle), {"texte": texte, "action": "enregistrer"})
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert _etat() == avant


def test_la_longueur_maximale_des_deux_cotes(admin_cd):
    dep = admin_cd.memberships.first().organisation.departement
    base = "{{ lien }}"
    redaction.rediger(dep, SMS, base + "a" * (redaction.LONGUEUR_MAX - len(base)), acting_user=admin_cd)
    assert redaction.verifier(SMS, base + "a" * (redaction.LONGUEUR_MAX - len(base) + 1))


def test_un_courrier_avec_son_code_est_accepte(admin_cd):
    dep = admin_cd.memberships.first().organisation.departement
    redaction.rediger(dep, CleFormulation.INVITATION_COURRIER, "Votre code : {{ code }}", acting_user=admin_cd)


# --- What the sendings render ----------------------------------------------------------------------------


def test_rendre_national_avant_puis_celui_du_departement_et_national_ailleurs(admin_cd):
    national = formulations.rendre(SMS, departement_id="59", contexte=CONTEXTE)
    assert (
        national
        == "CD Nord vous invite à prendre rendez-vous (entretien). Choisissez votre créneau avant le 12 mai : https://x/rdv/a/"
    )
    avant_changement = timezone.now()
    dep = admin_cd.memberships.first().organisation.departement
    redaction.rediger(dep, SMS, TEXTE, acting_user=admin_cd)
    assert formulations.rendre(SMS, departement_id="59", contexte=CONTEXTE) == (
        "CD Nord vous attend (entretien). Réservez avant le 12 mai : https://x/rdv/a/"
    )
    # Dated: an invitation rendered for a moment before the change gets the national text.
    assert formulations.rendre(SMS, departement_id="59", contexte=CONTEXTE, le=avant_changement) == national
    # Another département, and the other texts of this one: national.
    assert formulations.rendre(SMS, departement_id="62", contexte=CONTEXTE) == national
    assert formulations.rendre(CleFormulation.RELANCE_SMS, departement_id="59", contexte=CONTEXTE).startswith("Rappel")


def test_tuile_du_tableau_de_bord(client, admin_cd):
    client.force_login(admin_cd)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert _url("formulations_accueil") in page
    conseiller = professionnel(OrganisationFactory(departement_id="59"))
    client.force_login(conseiller)
    assert _url("formulations_accueil") not in client.get(reverse("backoffice:accueil")).content.decode()


def test_une_date_limite_absente_ne_casse_pas_le_rendu(admin_cd):
    dep = admin_cd.memberships.first().organisation.departement
    redaction.rediger(dep, SMS, "{% if limite %}Avant le {{ limite }}. {% endif %}{{ lien }}", acting_user=admin_cd)
    assert formulations.rendre(SMS, departement_id="59", contexte={"lien": "L"}) == "L"
