"""Legal parameters in the admin: departmental staff change their département's rows only, national
staff (superusers) the national ones; every change writes the PARAMETRE_MODIFIE audit row."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.parametres.acces import departements_geres
from francetravail.parametres.actions import enregistrer_parametre, supprimer_parametre
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.enums import Role
from tests.admin.outils import staff_departemental, superutilisateur
from tests.factories import OrganisationFactory

D = datetime.date


def _param(departement=None, valeur=3, cle="test.rappel_mois"):
    return ParametreLegal.objects.create(
        cle=cle,
        libelle="Rappel de test",
        valeur=Decimal(valeur),
        unite="mois",
        reference_legale="Article de test",
        valide_du=D(2025, 1, 1),
        departement_id=departement,
        confirme=False,
        # The département's choice, as sanctions.rappel_suspension_mois (which keys: test_portee_departementale.py).
        departemental="libre" if departement is None else "non",
    )


def _formulaire(parametre=None, **changements):
    donnees = {
        "cle": "test.rappel_mois",
        "libelle": "Rappel de test",
        "valeur": "3",
        "unite": "mois",
        "reference_legale": "Article de test",
        "valide_du": "2025-01-01",
        "valide_au": "",
        "departement": "",
        "note": "",
        "departemental": "non",  # read-only for departmental staff; national staff send it
    }
    if parametre is not None:
        donnees |= {
            "departemental": parametre.departemental,
            "cle": parametre.cle,
            "valeur": str(parametre.valeur),
            "departement": parametre.departement_id or "",
            "valide_du": parametre.valide_du.isoformat(),
        }
    donnees |= changements
    return {k: v for k, v in donnees.items() if v is not None}


def _staff_59():
    return staff_departemental("59", permissions=Permission.objects.filter(content_type__app_label="parametres"))


def _instantane():
    return sorted(ParametreLegal.objects.values_list("pk", "cle", "valeur", "departement", "valide_du", "valide_au"))


def _evenements():
    return AuditEvent.objects.filter(event_type=TypeEvenement.PARAMETRE_MODIFIE)


@pytest.fixture
def lignes():
    return {"national": _param(None, 0), "59": _param("59", 3), "62": _param("62", 6)}


def test_le_staff_du_59_modifie_une_ligne_du_59_et_l_audit_le_dit(client, lignes):
    staff = _staff_59()
    client.force_login(staff)
    url = reverse("admin:parametres_parametrelegal_change", args=[lignes["59"].pk])
    assert client.get(url).status_code == 200
    reponse = client.post(url, _formulaire(lignes["59"], valeur="4"))
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    lignes["59"].refresh_from_db()
    assert lignes["59"].valeur == 4
    evenement = _evenements().get()
    assert evenement.acting_user == staff
    assert evenement.organisation == staff.memberships.get().organisation
    assert evenement.data["operation"] == "modification"
    assert evenement.data["cle"] == "test.rappel_mois"
    assert evenement.data["departement"] == "59"
    assert evenement.data["avant"]["valeur"] == "3.00"
    assert evenement.data["apres"]["valeur"] == "4.00"


def test_le_staff_du_59_ne_modifie_ni_une_ligne_nationale_ni_une_ligne_du_62(client, lignes):
    client.force_login(_staff_59())
    avant = _instantane()
    nationale = reverse("admin:parametres_parametrelegal_change", args=[lignes["national"].pk])
    assert client.get(nationale).status_code == 200  # read-only: the value their own rows override
    assert client.post(nationale, _formulaire(lignes["national"], valeur="9")).status_code == 403
    du_62 = reverse("admin:parametres_parametrelegal_change", args=[lignes["62"].pk])
    assert client.get(du_62).status_code == 302  # another département's row: not found
    client.post(du_62, _formulaire(lignes["62"], valeur="9"))
    for ligne in ("national", "62"):
        suppression = reverse("admin:parametres_parametrelegal_delete", args=[lignes[ligne].pk])
        client.post(suppression, {"post": "yes"})
    client.post(
        reverse("admin:parametres_parametrelegal_changelist"),
        {"action": "delete_selected", "_selected_action": [lignes["national"].pk, lignes["59"].pk], "post": "yes"},
    )
    assert _instantane() == avant
    assert not _evenements().exists()


def test_le_staff_du_59_ne_deplace_pas_sa_ligne_vers_le_national_ou_le_62(client, lignes):
    client.force_login(_staff_59())
    avant = _instantane()
    url = reverse("admin:parametres_parametrelegal_change", args=[lignes["59"].pk])
    for departement in ("", "62"):
        reponse = client.post(url, _formulaire(lignes["59"], departement=departement, valeur="5"))
        assert reponse.status_code == 200  # the form says why
        assert reponse.context["adminform"].form.errors["departement"]
    assert _instantane() == avant
    assert not _evenements().exists()


def test_le_staff_du_59_ne_cree_ni_ligne_nationale_ni_ligne_du_62_mais_cree_une_ligne_du_59(client, lignes):
    client.force_login(_staff_59())
    ajout = reverse("admin:parametres_parametrelegal_add")
    formulaire = client.get(ajout).content.decode()
    assert '<option value="59"' in formulaire and '<option value="62"' not in formulaire
    _param(None, 0, cle="test.nouveau")  # a national value the département may override
    avant = _instantane()
    for departement in ("", "62"):
        reponse = client.post(ajout, _formulaire(cle="test.nouveau", departement=departement))
        assert reponse.status_code == 200
        assert reponse.context["adminform"].form.errors["departement"]
    assert _instantane() == avant
    assert not _evenements().exists()
    assert client.post(ajout, _formulaire(cle="test.nouveau", departement="59")).status_code == 302
    cree = ParametreLegal.objects.get(cle="test.nouveau", departement__isnull=False)
    assert cree.departement_id == "59"
    evenement = _evenements().get()
    assert (evenement.data["operation"], evenement.data["avant"], evenement.data["apres"]["departement"]) == (
        "creation",
        None,
        "59",
    )


def test_le_staff_du_59_supprime_une_ligne_du_59_avec_l_audit(client, lignes):
    client.force_login(_staff_59())
    url = reverse("admin:parametres_parametrelegal_delete", args=[lignes["59"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not ParametreLegal.objects.filter(pk=lignes["59"].pk).exists()
    evenement = _evenements().get()
    assert (evenement.data["operation"], evenement.data["apres"]) == ("suppression", None)
    assert evenement.data["avant"]["valeur"] == "3.00"


def test_la_liste_du_staff_du_59_montre_le_national_et_le_59_pas_le_62(client, lignes):
    client.force_login(_staff_59())
    reponse = client.get(reverse("admin:parametres_parametrelegal_changelist"), {"cle": "test.rappel_mois"})
    affiches = set(reponse.context["cl"].result_list.values_list("departement_id", flat=True))
    assert affiches == {None, "59"}


def test_un_superutilisateur_modifie_une_ligne_nationale_avec_l_audit(client, lignes):
    national = superutilisateur()
    client.force_login(national)
    url = reverse("admin:parametres_parametrelegal_change", args=[lignes["national"].pk])
    assert client.post(url, _formulaire(lignes["national"], valeur="1")).status_code == 302
    lignes["national"].refresh_from_db()
    assert lignes["national"].valeur == 1
    evenement = _evenements().get()
    assert evenement.acting_user == national
    assert (evenement.data["departement"], evenement.data["avant"]["valeur"], evenement.data["apres"]["valeur"]) == (
        None,
        "0.00",
        "1.00",
    )


def test_seuls_les_rattachements_a_un_conseil_departemental_donnent_un_departement():
    agence = staff_departemental("59", role=Role.CONSEILLER, organisation=OrganisationFactory(departement_id="59"))
    assert departements_geres(agence) == frozenset()
    assert departements_geres(_staff_59()) == {"59"}
    assert departements_geres(superutilisateur()) is None


def test_l_action_refuse_hors_du_departement_meme_appelee_directement(lignes):
    staff = _staff_59()
    avant = _instantane()
    for ligne in ("national", "62"):
        parametre = ParametreLegal.objects.get(pk=lignes[ligne].pk)
        parametre.valeur = Decimal(9)
        with pytest.raises(PermissionDenied):
            enregistrer_parametre(parametre, acting_user=staff)
        with pytest.raises(PermissionDenied):
            supprimer_parametre(parametre, acting_user=staff)
    deplace = ParametreLegal.objects.get(pk=lignes["59"].pk)
    deplace.departement_id = None
    with pytest.raises(PermissionDenied):
        enregistrer_parametre(deplace, acting_user=staff)
    nouveau = ParametreLegal(
        cle="test.autre", libelle="x", valeur=1, unite="mois", reference_legale="x", valide_du=D(2025, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        enregistrer_parametre(nouveau, acting_user=staff)
    assert _instantane() == avant
    assert not _evenements().exists()
