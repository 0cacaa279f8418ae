"""Which keys a département may set, and departmental values read everywhere they exist (issue 15, item 7).

The key's national row says it (``ParametreLegal.departemental``, the CSV's ``departemental``
column): a figure of the law is the same everywhere, superusers included (a departmental row
would override the law there); a département's option is free; a delay it may shorten is
capped by the national value; a figure the texts set per territory is national staff's.
Checked when a row is written (action and admin: at the field) and when it is read (a row
written before the rule is ignored). Each parameter that has a departmental row is read with
the person's département: tested with and without the row (the sweep of bRSA to France
Travail's queue and the portfolio's first appointment here; the others where they are used:
see ``test_chaque_parametre_departemental_a_son_test``).
"""

import ast
import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.parametres.actions import enregistrer_parametre
from francetravail.parametres.loader import FICHIER, charger_parametres
from francetravail.parametres.lookup import parametre, valeur, valeurs_par_departement
from francetravail.parametres.models import ParametreLegal, PorteeDepartementale
from orientation import actions, tasks
from orientation.enums import FileDecision, StatutDecision
from orientation.models import DecisionOrientation
from tests.admin.outils import staff_departemental, superutilisateur
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet
from tests.orientation.test_decisions import droit_rsa

D = datetime.date
P = PorteeDepartementale


def _staff(departement="59"):
    return staff_departemental(
        departement, permissions=Permission.objects.filter(content_type__app_label="parametres")
    )


def _nationale(cle):
    return ParametreLegal.objects.get(cle=cle, departement__isnull=True, valide_au__isnull=True)


def _ligne(cle, valeur, departement="59", **champs):
    """An unsaved departmental row of ``cle``, as the admin would build it."""
    nationale = _nationale(cle) if ParametreLegal.objects.filter(cle=cle, departement__isnull=True).exists() else None
    return ParametreLegal(
        cle=cle,
        libelle=nationale.libelle if nationale else "Test",
        valeur=Decimal(valeur),
        unite=champs.pop("unite", nationale.unite if nationale else "jours"),
        reference_legale="Délibération du conseil départemental",
        valide_du=champs.pop("valide_du", nationale.valide_du if nationale else D(2025, 1, 1)),
        departement_id=departement,
        **champs,
    )


def _inserer(cle, valeur, departement="59"):
    """A departmental row written straight into the table (before the rule, or by hand)."""
    ligne = _ligne(cle, valeur, departement)
    ligne.save()
    return ligne


def _refus(ligne, user, champ, morceau):
    avant = ParametreLegal.objects.count()
    with pytest.raises(ValidationError) as exc:
        enregistrer_parametre(ligne, acting_user=user)
    assert morceau in " ".join(exc.value.message_dict.get(champ, [])), exc.value.message_dict
    assert ParametreLegal.objects.count() == avant
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.PARAMETRE_MODIFIE).exists()


# --- The CSV column -----------------------------------------------------------------------------------------


def _csv():
    with Path(FICHIER).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ATTENDU = {
    "orientation.delai_rsa": P.AU_PLUS,  # a département may orient faster, never beyond D262-65-2
    "orientation.delegation_rsa_france_travail": P.LIBRE,  # by convention (L5411-5-1 II)
    "rendezvous.delai_premier_rdv": P.AU_PLUS,  # a service target: a shorter promise only
    "rendezvous.rappel_1_jours_avant": P.LIBRE,  # the service's choice
    "rendezvous.rappel_2_jours_avant": P.LIBRE,
    "sanctions.rappel_suspension_mois": P.LIBRE,  # the département's choice (unconfirmed text)
    "entreprises.smic_horaire_brut": P.TERRITORIALE,  # Mayotte's SMIC is set by décret
    "entreprises.pmsmp_duree_max_jours": P.AU_PLUS,  # a shorter immersion only
    # Service choices of the préfiguration report (francetravail.accompagnement.regles); an intensive
    # parcours may be planned shorter, never longer than 12 months.
    **{f"accompagnement.portefeuille_cible.{code}": P.LIBRE for code in ("intensif", "guide", "suivi", "global")},
    **{f"accompagnement.cadence_points_etape.{code}": P.LIBRE for code in ("intensif", "guide", "suivi", "global")},
    "accompagnement.duree_max_mois.intensif": P.AU_PLUS,
    # The service's choices for invitations (issue 19): each département sets its link's life and relance.
    "invitations.duree_validite": P.LIBRE,
    "invitations.delai_relance": P.LIBRE,
}


def test_chaque_cle_dit_si_un_departement_peut_la_fixer():
    lignes = _csv()
    assert {ligne["departemental"] for ligne in lignes} <= set(P.values)
    for ligne in lignes:
        assert ligne["departemental"] == ATTENDU.get(ligne["cle"], P.NATIONALE), ligne["cle"]
        if ligne["departemental"] != P.NATIONALE:
            assert "département" in ligne["note"], ligne["cle"]  # justified in the note
    # Loaded onto the national rows.
    assert _nationale("contrat.heures_hebdo_minimum").departemental == P.NATIONALE
    assert _nationale("orientation.delai_rsa").departemental == P.AU_PLUS


def test_une_ligne_sans_la_colonne_est_un_chiffre_national(tmp_path):
    fichier = tmp_path / "parametres.csv"
    fichier.write_text(
        "cle,libelle,valeur,unite,reference_legale,valide_du,valide_au,confirme,note,departemental\n"
        "test.sans_colonne,Test,3,jours,Test,2025-01-01,,1,Ajoutée sans la colonne\n",
        encoding="utf-8",
    )
    assert charger_parametres(fichier) == (1, 0)
    assert _nationale("test.sans_colonne").departemental == P.NATIONALE


def _cles_lues_sans_departement():
    """{key: [file:line]} of every ``valeur("key", …)`` / ``parametre("key", …)`` without ``departement=``."""
    racine = Path(settings.BASE_DIR)
    trouvees = {}
    for chemin in racine.rglob("*.py"):
        relatif = chemin.relative_to(racine)
        if relatif.parts[0] in {".venv", "node_modules", "tests"} or "migrations" in relatif.parts:
            continue
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if not isinstance(noeud, ast.Call):
                continue
            nom = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
            if nom not in {"valeur", "parametre"} or not noeud.args:
                continue
            cle = noeud.args[0]
            if not (isinstance(cle, ast.Constant) and isinstance(cle.value, str) and "." in cle.value):
                continue
            if any(k.arg == "departement" for k in noeud.keywords) or len(noeud.args) >= 3:
                continue
            trouvees.setdefault(cle.value, []).append(f"{relatif}:{noeud.lineno}")
    return trouvees


def test_une_cle_qu_un_departement_peut_fixer_est_toujours_lue_avec_le_departement():
    """A national read of a key a département may set would ignore the département's value."""
    portees = {ligne["cle"]: ligne["departemental"] for ligne in _csv()}
    lues = _cles_lues_sans_departement()
    assert lues, "the scan found no read at all: check it"
    fautives = {cle: ou for cle, ou in lues.items() if portees.get(cle, P.NATIONALE) != P.NATIONALE}
    assert not fautives, fautives


# --- The lookup ----------------------------------------------------------------------------------------------


def _cle_de_test(portee, national=10):
    ParametreLegal.objects.create(
        cle="test.portee",
        libelle="Test",
        valeur=national,
        unite="jours",
        reference_legale="Test",
        valide_du=D(2025, 1, 1),
        departemental=portee,
    )


@pytest.mark.parametrize(
    ("portee", "departemental", "attendu"),
    [
        (P.NATIONALE, 5, 10),  # a figure of the law: the département's row is ignored
        (P.LIBRE, 5, 5),
        (P.LIBRE, 15, 15),
        (P.TERRITORIALE, 15, 15),
        (P.AU_PLUS, 5, 5),
        (P.AU_PLUS, 10, 10),
        (P.AU_PLUS, 11, 10),  # above the national value (lowered since, or written before): capped
    ],
)
def test_la_valeur_du_departement_selon_la_portee_de_la_cle(portee, departemental, attendu):
    _cle_de_test(portee)
    ParametreLegal.objects.create(
        cle="test.portee", libelle="Test", valeur=departemental, unite="jours", reference_legale="Test",
        valide_du=D(2025, 1, 1), departement_id="59",
    )  # fmt: skip
    assert valeur("test.portee", le=D(2026, 1, 1), departement="59") == attendu
    assert valeur("test.portee", le=D(2026, 1, 1), departement="62") == 10
    assert valeur("test.portee", le=D(2026, 1, 1)) == 10
    propres = valeurs_par_departement("test.portee", le=D(2026, 1, 1))[1]
    assert propres == ({"59": attendu} if attendu != 10 else {})


def test_la_loi_ne_cede_pas_a_une_ligne_departementale_ecrite_avant_la_regle():
    _inserer("contrat.heures_hebdo_minimum", 10)
    assert valeur("contrat.heures_hebdo_minimum", departement="59") == 15
    assert parametre("contrat.heures_hebdo_minimum", departement="59").departement_id is None


# --- Writing a departmental row -------------------------------------------------------------------------------


def test_le_trou_de_l_issue_14_un_departement_ne_change_pas_les_15_heures():
    for user in (_staff(), superutilisateur()):  # superusers included: it is the law's figure
        _refus(_ligne("contrat.heures_hebdo_minimum", 10), user, "departement", "chiffre national")
    assert valeur("contrat.heures_hebdo_minimum", departement="59") == 15


@pytest.mark.parametrize(("semaines", "accepte"), [(4, True), (6, True), (7, False)])
def test_le_delai_rsa_du_departement_est_plus_court_ou_egal_jamais_plus_long(semaines, accepte):
    staff = _staff()
    ligne = _ligne("orientation.delai_rsa", semaines)
    if accepte:
        enregistrer_parametre(ligne, acting_user=staff)
        assert valeur("orientation.delai_rsa", departement="59") == semaines
        evenement = AuditEvent.objects.get(event_type=TypeEvenement.PARAMETRE_MODIFIE)
        assert (evenement.data["cle"], evenement.data["departement"]) == ("orientation.delai_rsa", "59")
    else:
        _refus(ligne, staff, "valeur", "au plus 6 semaines")
        assert valeur("orientation.delai_rsa", departement="59") == 6


def test_le_choix_du_departement_est_libre_dans_son_unite():
    staff = _staff()
    cle = "sanctions.rappel_suspension_mois"
    _refus(_ligne(cle, 2, unite="jours"), staff, "unite", "s'exprime en mois")
    _refus(_ligne(cle, -1), staff, "valeur", "négative")
    _refus(_ligne("orientation.delegation_rsa_france_travail", 2), staff, "valeur", "1 (oui) ou 0 (non)")
    enregistrer_parametre(_ligne(cle, 3), acting_user=staff)
    assert valeur(cle, le=D(2026, 1, 1), departement="59") == 3


def test_le_smic_de_mayotte_est_enregistre_par_l_equipe_nationale_seulement():
    ligne = _ligne("entreprises.smic_horaire_brut", "9.00", departement="976", valide_du=D(2026, 1, 1))
    _refus(ligne, _staff("976"), "departement", "seule l'équipe nationale")
    enregistrer_parametre(ligne, acting_user=superutilisateur())
    assert valeur("entreprises.smic_horaire_brut", le=D(2026, 6, 1), departement="976") == Decimal("9.00")


def test_une_cle_sans_valeur_nationale_n_est_pas_fixee_par_un_departement():
    _refus(_ligne("test.inventee", 3), _staff(), "cle", "n'a pas de valeur nationale")
    enregistrer_parametre(_ligne("test.inventee", 3), acting_user=superutilisateur())


def _formulaire(cle, valeur, departement="59"):
    nationale = _nationale(cle)
    return {
        "cle": cle,
        "libelle": nationale.libelle,
        "valeur": str(valeur),
        "unite": nationale.unite,
        "reference_legale": "Délibération du conseil départemental",
        "valide_du": nationale.valide_du.isoformat(),
        "valide_au": "",
        "departement": departement,
        "note": "",
    }


@pytest.mark.parametrize(
    ("cle", "valeur", "champ", "morceau"),
    [
        ("contrat.heures_hebdo_minimum", 10, "departement", "chiffre national"),
        ("orientation.delai_rsa", 7, "valeur", "au plus 6 semaines"),
    ],
)
def test_l_admin_refuse_au_champ_et_garde_la_saisie(client, cle, valeur, champ, morceau):
    client.force_login(_staff())
    avant = ParametreLegal.objects.count()
    reponse = client.post(reverse("admin:parametres_parametrelegal_add"), _formulaire(cle, valeur))
    assert reponse.status_code == 200
    form = reponse.context["adminform"].form
    assert morceau in " ".join(form.errors[champ])
    assert form.data["valeur"] == str(valeur)
    assert ParametreLegal.objects.count() == avant
    assert client.post(reverse("admin:parametres_parametrelegal_add"), _formulaire(cle, 5 if valeur == 7 else 15))


def test_l_admin_enregistre_un_delai_rsa_plus_court(client):
    client.force_login(_staff())
    reponse = client.post(reverse("admin:parametres_parametrelegal_add"), _formulaire("orientation.delai_rsa", 4))
    assert reponse.status_code == 302
    assert valeur("orientation.delai_rsa", departement="59") == 4


# --- orientation.delai_rsa: the sweep moving bRSA to France Travail's queue (CASF D262-65-2) ----------------


COMMUNES = {"59": "59350", "62": "62041", None: None}  # Lille, Arras; no address: no département


def _brsa(departement, jours):
    agence = OrganisationFactory(departement_id=departement or "59")
    code = COMMUNES[departement]
    personne = PersonneFactory(organisme_referent=agence, commune=commune(code) if code else None)
    assert personne.departement_id == departement
    dossier_complet(personne, prestations=["rsa"])
    droit_rsa(personne, timezone.localdate() - datetime.timedelta(days=jours))
    return actions.proposer(personne)


def _confiees(*decisions_):
    return [DecisionOrientation.objects.get(pk=d.pk).file == FileDecision.FRANCE_TRAVAIL for d in decisions_]


@pytest.mark.parametrize("ligne_du_59", [False, True])
def test_le_balayage_rsa_lit_le_delai_du_departement(ligne_du_59):
    if ligne_du_59:
        enregistrer_parametre(_ligne("orientation.delai_rsa", 4), acting_user=_staff())
    # 59: 4 weeks (28 days) with its row, 6 otherwise; 62: the national 6 weeks (42 days).
    a27, a28, a41_62, a42_62 = _brsa("59", 27), _brsa("59", 28), _brsa("62", 41), _brsa("62", 42)
    assert tasks.signaler_rsa_hors_delai() == (2 if ligne_du_59 else 1)
    assert _confiees(a27, a28, a41_62, a42_62) == [False, ligne_du_59, False, True]
    evenements = AuditEvent.objects.filter(event_type=TypeEvenement.ORIENTATION_FILE_FRANCE_TRAVAIL)
    if ligne_du_59:
        assert "Pas d'orientation 4 semaines" in evenements.get(data__decision_id=a28.pk).motif
    assert "Pas d'orientation 6 semaines" in evenements.get(data__decision_id=a42_62.pk).motif
    assert DecisionOrientation.objects.get(pk=a28.pk).statut != StatutDecision.CONFIRMEE  # never decided
    assert tasks.signaler_rsa_hors_delai() == 0


def test_le_balayage_rsa_ignore_un_delai_departemental_plus_long_que_la_loi():
    _inserer("orientation.delai_rsa", 8)  # written before the rule
    a42 = _brsa("59", 42)
    assert tasks.signaler_rsa_hors_delai() == 1
    assert _confiees(a42) == [True]


def test_le_balayage_rsa_sans_departement_applique_le_delai_national():
    _inserer("orientation.delai_rsa", 4)
    sans = _brsa(None, 42)
    trop_tot = _brsa(None, 41)
    assert tasks.signaler_rsa_hors_delai() == 1
    assert _confiees(sans, trop_tot) == [True, False]


# --- rendezvous.delai_premier_rdv: the portfolio's "late" first appointment ------------------------------------


@pytest.mark.parametrize("ligne_du_59", [False, True])
def test_le_portefeuille_lit_le_delai_du_premier_rendez_vous_du_departement(client, ligne_du_59):
    from orientation.actions import proposer

    if ligne_du_59:
        enregistrer_parametre(_ligne("rendezvous.delai_premier_rdv", 10), acting_user=_staff())
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence)
    personnes = {}
    for nom, jours in (("ONZEJOURS", 11), ("NEUFJOURS", 9)):
        personne = PersonneFactory(organisme_referent=agence, nom_naissance=nom)  # Lille: 59
        decision = proposer(personne)
        il_y_a = timezone.now() - datetime.timedelta(days=jours)
        DecisionOrientation.objects.filter(pk=decision.pk).update(
            statut=StatutDecision.CONFIRMEE,
            parcours="professionnel",
            organisme=agence,
            decidee_le=il_y_a,
            notifiee_le=il_y_a,
        )
        personnes[nom] = personne
    client.force_login(conseiller)
    filtree = client.get(reverse("backoffice:personnes"), {"en_retard": "on"}).content.decode().upper()
    assert ("ONZEJOURS" in filtree) is ligne_du_59  # 11 days: late against 10, not against 15
    assert "NEUFJOURS" not in filtree


# --- rendezvous.rappel_*: the reminders of an appointment ------------------------------------------------------


@pytest.mark.parametrize("cle", ["rendezvous.rappel_1_jours_avant", "rendezvous.rappel_2_jours_avant"])
@pytest.mark.parametrize("ligne_du_59", [False, True])
def test_les_rappels_suivent_le_parametre_du_departement(cle, ligne_du_59):
    from francetravail.rendezvous import actions as rendezvous
    from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

    if ligne_du_59:  # the first reminder 3 days before instead of 2 (national: 2 and 1)
        enregistrer_parametre(_ligne(cle, 3), acting_user=_staff())
    agence = OrganisationFactory(departement_id="59")
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence)  # Lille: 59
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=agence), debut=dans(5))
    rdv = rendezvous.reserver(personne, creneau, acting_user=professionnel(agence))
    assert rdv.prochain_rappel == creneau.debut - datetime.timedelta(days=3 if ligne_du_59 else 2)


# --- The other parameters with a departmental row, tested where they are used --------------------------------

AVEC_ET_SANS_LIGNE = {
    "orientation.delai_rsa": "tests/parametres/test_portee_departementale.py::test_le_balayage_rsa_lit_le_delai_du_departement",
    "orientation.delegation_rsa_france_travail": "tests/orientation/test_decisions.py::test_france_travail_decide_des_le_depart_quand_le_departement_a_delegue",
    "rendezvous.delai_premier_rdv": "tests/parametres/test_portee_departementale.py::test_le_portefeuille_lit_le_delai_du_premier_rendez_vous_du_departement",
    "rendezvous.rappel_1_jours_avant": "tests/parametres/test_portee_departementale.py::test_les_rappels_suivent_le_parametre_du_departement",
    "rendezvous.rappel_2_jours_avant": "tests/parametres/test_portee_departementale.py::test_les_rappels_suivent_le_parametre_du_departement",
    "sanctions.rappel_suspension_mois": "tests/sanctions/test_montants.py::test_parametre_departemental_contre_national",
    "entreprises.smic_horaire_brut": "tests/entreprises/test_conformite.py::test_un_smic_departemental_prime_sur_le_national",
    "entreprises.pmsmp_duree_max_jours": "tests/entreprises/test_immersions.py::test_le_plafond_suit_la_valeur_en_vigueur_au_premier_jour",
    **{f"accompagnement.portefeuille_cible.{code}": "tests/accompagnement/test_parametres_departementaux.py::test_la_cible_du_departement_prime_sur_la_nationale" for code in ("intensif", "guide", "suivi", "global")},
    **{f"accompagnement.cadence_points_etape.{code}": "tests/accompagnement/test_parametres_departementaux.py::test_la_cadence_du_departement_prime_sur_la_nationale" for code in ("intensif", "guide", "suivi", "global")},
    "accompagnement.duree_max_mois.intensif": "tests/accompagnement/test_parametres_departementaux.py::test_la_duree_de_l_intensif_du_departement_plus_courte",
    "invitations.duree_validite": "tests/invitations/test_bornes_parcours.py::test_la_validite_du_lien_suit_le_parametre_du_departement",
    "invitations.delai_relance": "tests/invitations/test_bornes_parcours.py::test_le_delai_de_relance_du_departement_s_applique",
}  # fmt: skip


def test_chaque_parametre_departemental_a_son_test():
    racine = Path(settings.BASE_DIR)
    assert set(AVEC_ET_SANS_LIGNE) == set(ATTENDU)
    for cle, test in AVEC_ET_SANS_LIGNE.items():
        fichier, nom = test.split("::")
        assert f"def {nom}(" in (racine / fichier).read_text(encoding="utf-8"), (cle, test)
