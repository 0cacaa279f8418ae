"""Kinds of notification are declared once, by their app; ``notifier()`` takes a kind, never a template name."""

import ast
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_resolver

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import Public, TypeNotification, declarer, types_notification
from tests.factories import UserFactory

RACINE = Path(__file__).resolve().parents[2]
APPLICATIONS = ["francetravail", "inscription", "orientation", "diagnostic", "contrats", "sanctions", "entreprises"]
# Modules that still name a template (``modele=``) instead of a declared kind: the list can only shrink.
ENCORE_PAR_MODELE = set()
GABARITS = {Canal.EMAIL: ("_sujet.txt", "_corps.txt"), Canal.SMS: ("_sms.txt",), Canal.IN_APP: ("_corps.txt",)}


def _modules():
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):
            if "migrations" not in chemin.parts:
                yield chemin


def _appels_par_modele(chemin):
    arbre = ast.parse(chemin.read_text(), filename=str(chemin))
    for noeud in ast.walk(arbre):
        if (
            not isinstance(noeud, ast.Call)
            or getattr(noeud.func, "id", getattr(noeud.func, "attr", None)) != "notifier"
        ):
            continue
        nomme = any(mot.arg == "modele" for mot in noeud.keywords)
        if nomme or (len(noeud.args) > 1 and isinstance(noeud.args[1], ast.Constant)):
            yield noeud.lineno


@pytest.mark.no_django_db
def test_aucun_appel_de_notifier_ne_nomme_un_gabarit_hors_de_la_liste_qui_se_reduit():
    par_modele = {str(chemin.relative_to(RACINE)) for chemin in _modules() if any(_appels_par_modele(chemin))}
    assert par_modele <= ENCORE_PAR_MODELE, (
        f"Déclarez un type de notification : {sorted(par_modele - ENCORE_PAR_MODELE)}"
    )
    assert not ENCORE_PAR_MODELE - par_modele, (
        f"Retirez de ENCORE_PAR_MODELE ce qui déclare maintenant ses types : {sorted(ENCORE_PAR_MODELE - par_modele)}"
    )


@pytest.mark.no_django_db
@pytest.mark.parametrize("cle", list(types_notification()))
def test_chaque_type_declare_a_ses_gabarits_et_un_lien_qui_existe(cle):
    type_ = types_notification()[cle]
    assert type_.libelle and type_.public in Public.values
    for canal in type_.canaux:
        for suffixe in GABARITS[canal]:
            try:
                get_template(f"notifications/{type_.modele}{suffixe}")
            except TemplateDoesNotExist:
                pytest.fail(f"{cle} : gabarit notifications/{type_.modele}{suffixe} manquant")
    if type_.lien:
        assert type_.lien in _noms_d_url(), f"{cle} : URL « {type_.lien} » inconnue"


def _noms_d_url():
    noms = set()

    def parcourir(resolver, espace=""):
        for motif in resolver.url_patterns:
            if hasattr(motif, "url_patterns"):
                parcourir(motif, f"{espace}{motif.namespace}:" if motif.namespace else espace)
            elif motif.name:
                noms.add(f"{espace}{motif.name}")

    parcourir(get_resolver())
    return noms


@pytest.fixture
def type_essai():
    from francetravail.notifications import registre

    type_ = declarer(
        "test.essai",
        libelle="Essai",
        public=Public.PERSONNE,
        modele="test/essai",
        canaux=(Canal.EMAIL, Canal.IN_APP),
        lien="messagerie:fil",
    )
    yield type_
    del registre._REGISTRE["test.essai"]


def test_notifier_prend_un_type_declare_et_construit_son_lien(type_essai):
    user = UserFactory()
    notification = notifier(user, type_essai, contexte={"x": 1}, cle_idempotence="essai:1")
    assert notification.modele == "test/essai" and notification.type_notification == "test.essai"
    assert notification.canal == Canal.EMAIL
    assert notification.contexte == {"x": 1, "lien": "/mon-espace/messages/"}
    dans_l_espace = notifier(user, type_essai, contexte={}, cle_idempotence="essai:2", canal=Canal.IN_APP)
    assert dans_l_espace.canal == Canal.IN_APP


def test_notifier_refuse_une_chaine_et_un_canal_non_declare(type_essai):
    user = UserFactory()
    with pytest.raises(TypeError):
        notifier(user, "test/essai", contexte={}, cle_idempotence="essai:3")
    with pytest.raises(ValueError, match="Canal"):
        notifier(user, type_essai, contexte={}, cle_idempotence="essai:4", canal=Canal.SMS)
    assert not Notification.objects.filter(cle_idempotence__in=["essai:3", "essai:4"]).exists()


@pytest.mark.no_django_db
def test_un_type_ne_se_declare_qu_une_fois(type_essai):
    with pytest.raises(ValueError, match="deux fois"):
        declarer("test.essai", libelle="Essai", public=Public.PERSONNE, modele="test/essai")
    assert isinstance(type_essai, TypeNotification)
    with pytest.raises(NoReverseMatch):
        TypeNotification("x", "x", Public.PERSONNE, "x", lien="nulle-part").chemin()
