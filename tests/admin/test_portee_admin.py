"""Every registered admin says what it shows, and keeps to it (a consistency test, like tests/test_consistency.py).

Three declarations (``francetravail/base/admin.py``):
- ``AccesDossierAdmin``: a person's file, through the access gate, every read logged;
- ``ReserveSuperutilisateur``: superusers only;
- ``DonneesDeReference``: about no person; account fields allowed only when named as professionals'.
A new ModelAdmin (ours or a library's) that declares none, or a reference admin that links to a
person, fails here. So do the ways around a gate: autocompletion of people or accounts, popups
(raw_id) whose list is not gated, list filters listing people or accounts.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from francetravail.audit.enums import PartieDossier
from francetravail.base.admin import DonneesDeReference, ReserveSuperutilisateur
from francetravail.comptes.models import User
from francetravail.personnes.admin_acces import AccesDossierAdmin
from francetravail.personnes.models import Personne
from francetravail.reseau.roles import contexte_professionnel
from inscription.models import DroitRSA
from tests.admin.outils import staff_departemental, superutilisateur
from tests.factories import UserFactory

DOSSIER, SUPERUTILISATEUR, REFERENCE = "dossier", "superutilisateur", "reference"
PORTEES = {DOSSIER: AccesDossierAdmin, SUPERUTILISATEUR: ReserveSuperutilisateur, REFERENCE: DonneesDeReference}
PERSONNES = (Personne, User)


def portee(model_admin):
    declarees = [nom for nom, classe in PORTEES.items() if isinstance(model_admin, classe)]
    return declarees[0] if len(declarees) == 1 else declarees


def _relations(modele):
    return [f for f in modele._meta.get_fields() if f.is_relation and f.concrete and f.related_model is not None]


def _mene_a_une_personne(modele, profondeur=3, vus=()):
    """A chain of forward relations from ``modele`` to ``Personne`` (the row belongs to a file)."""
    if modele is Personne:
        return True
    if profondeur == 0 or modele in vus:
        return False
    return any(
        _mene_a_une_personne(f.related_model, profondeur - 1, (*vus, modele))
        for f in _relations(modele)
        if f.related_model is not User
    )


def _defauts_reference(nom, modele, declaration):
    defauts = []
    if modele in PERSONNES:
        return [f"{nom} : {modele._meta.label} concerne des personnes, pas des données de référence"]
    comptes = set(getattr(declaration, "comptes_professionnels", ()))
    for champ in _relations(modele):
        if champ.related_model is User and champ.name not in comptes:
            defauts.append(
                f"{nom} : {modele._meta.label}.{champ.name} mène à un compte non déclaré dans comptes_professionnels"
            )
        elif champ.related_model is not User and _mene_a_une_personne(champ.related_model):
            defauts.append(f"{nom} : {modele._meta.label}.{champ.name} mène au dossier d'une personne")
    return defauts


def _cible(modele, chemin):
    return get_fields_from_path(modele, chemin)[-1].related_model


def _defauts_contournements(nom, modele, declaration, registre):
    """Autocompletion, popups and filters must not list people or accounts outside their own gate."""
    defauts = []
    for champ in getattr(declaration, "autocomplete_fields", ()):
        if _cible(modele, champ) in PERSONNES:
            defauts.append(f"{nom} : autocomplétion de {champ} (personnes ou comptes, hors journal) : raw_id_fields")
    for champ in getattr(declaration, "raw_id_fields", ()):
        cible = _cible(modele, champ)
        attendu = {Personne: DOSSIER, User: SUPERUTILISATEUR}.get(cible)
        if attendu and (cible not in registre or portee(registre[cible]) != attendu):
            defauts.append(f"{nom} : la fenêtre de choix de {champ} liste des {cible._meta.label} sans porte")
    for filtre in getattr(declaration, "list_filter", ()):
        champ, classe = filtre if isinstance(filtre, tuple) else (filtre, None)
        if not isinstance(champ, str):
            continue  # a SimpleListFilter class: its own lookups
        cible = _cible(modele, champ)
        if cible in PERSONNES and not (classe and issubclass(classe, RelatedOnlyFieldListFilter)):
            defauts.append(f"{nom} : le filtre {champ} liste toutes les {cible._meta.label}")
    return defauts


def defauts_de_declaration(registre):
    """What is wrong with the admins of ``registre`` (an ``AdminSite._registry``), as readable sentences."""
    defauts = []
    for modele, model_admin in registre.items():
        nom = f"{type(model_admin).__name__} ({modele._meta.label})"
        declaree = portee(model_admin)
        if not isinstance(declaree, str):
            defauts.append(
                f"{nom} : déclare {declaree or 'aucune portée'} ; choisir AccesDossierAdmin, "
                "ReserveSuperutilisateur ou DonneesDeReference"
            )
            continue
        if declaree == SUPERUTILISATEUR:
            continue
        inlines = [(inline.model, inline) for inline in model_admin.inlines]
        if declaree == DOSSIER:
            for chemin in model_admin.chemins_personnes():
                if (_cible(modele, chemin) if chemin else modele) is not Personne:
                    defauts.append(f"{nom} : le chemin {chemin!r} ne mène pas à une personne")
            if model_admin.partie not in PartieDossier.values:
                defauts.append(f"{nom} : partie du dossier journalisée inconnue ({model_admin.partie!r})")
        else:
            for m, declaration in [(modele, model_admin), *inlines]:
                defauts += _defauts_reference(nom, m, declaration)
        for m, declaration in [(modele, model_admin), *inlines]:
            defauts += _defauts_contournements(nom, m, declaration, registre)
    return defauts


def test_chaque_admin_declare_ce_qu_il_montre_et_s_y_tient():
    assert defauts_de_declaration(admin.site._registry) == []


def test_la_verification_attrape_un_admin_de_personnes_sans_declaration():
    site = admin.AdminSite(name="essai")
    site.register(DroitRSA)  # a plain ModelAdmin, as someone might add one
    assert len(defauts_de_declaration(site._registry)) == 1

    class DroitsCommeReference(DonneesDeReference, admin.ModelAdmin):
        pass

    site = admin.AdminSite(name="essai")
    site.register(DroitRSA, DroitsCommeReference)
    assert any("mène au dossier d'une personne" in d for d in defauts_de_declaration(site._registry))

    class AutocompletionDePersonnes(AccesDossierAdmin, admin.ModelAdmin):
        partie = PartieDossier.SYNTHESE
        autocomplete_fields = ["personne"]
        list_filter = ["personne"]

    site = admin.AdminSite(name="essai")
    site.register(DroitRSA, AutocompletionDePersonnes)
    defauts = defauts_de_declaration(site._registry)
    assert any("autocomplétion" in d for d in defauts) and any("filtre personne" in d for d in defauts)


def _requete(user):
    requete = RequestFactory().get("/admin/")
    requete.user = user
    return requete


def _admins(declaree):
    return [(m, ma) for m, ma in admin.site._registry.items() if portee(ma) == declaree]


def test_un_staff_avec_toutes_les_permissions_n_entre_dans_aucun_admin_reserve(client):
    staff = staff_departemental("59")
    requete = _requete(staff)
    client.force_login(staff)
    reserves = _admins(SUPERUTILISATEUR)
    assert len(reserves) >= 12
    for modele, model_admin in reserves:
        droits = [
            model_admin.has_module_permission(requete),
            model_admin.has_view_permission(requete),
            model_admin.has_add_permission(requete),
            model_admin.has_change_permission(requete),
            model_admin.has_delete_permission(requete),
        ]
        assert droits == [False] * 5, modele
        info = modele._meta.app_label, modele._meta.model_name
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 403, modele


def test_un_staff_sans_rattachement_ne_voit_aucun_dossier_et_n_en_modifie_aucun(django_assert_num_queries):
    """Each file admin's list is the gate's: for a staff account that the gate opens to no one, it
    is empty without even asking the database (an admin bypassing the gate would run a query)."""
    staff = UserFactory(professionnel=True, is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    staff = User.objects.get(pk=staff.pk)
    requete = _requete(staff)
    assert not contexte_professionnel(staff).roles_par_organisation
    dossiers = _admins(DOSSIER)
    assert len(dossiers) >= 10
    for modele, model_admin in dossiers:
        with django_assert_num_queries(0):
            assert list(model_admin.get_queryset(requete)) == [], modele
        assert not model_admin.has_add_permission(requete), modele
        assert not model_admin.has_change_permission(requete), modele
        assert not model_admin.has_delete_permission(requete), modele


@pytest.mark.parametrize("qui", ["superutilisateur", "staff_departemental"])
def test_chaque_liste_de_l_admin_repond(client, qui):
    client.force_login(superutilisateur() if qui == "superutilisateur" else staff_departemental("59"))
    for modele, model_admin in admin.site._registry.items():
        info = modele._meta.app_label, modele._meta.model_name
        reponse = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        attendu = {200} if qui == "superutilisateur" or portee(model_admin) != SUPERUTILISATEUR else {403}
        assert reponse.status_code in attendu, (modele, reponse.status_code)


def _champs_modifiables(modele, declaration, requete):
    """The model fields the admin's form lets one submit (without building the form)."""
    noms = {f.name for f in modele._meta.get_fields() if f.concrete and getattr(f, "editable", False)}
    if declaration.fields:
        noms &= {n for groupe in declaration.fields for n in (groupe if isinstance(groupe, tuple) else (groupe,))}
    return noms - set(declaration.exclude or ()) - set(declaration.get_readonly_fields(requete))


def test_les_formulaires_de_reference_ne_proposent_que_des_comptes_professionnels():
    """A raw_id field shows the name of whatever account id is typed in, and saves it: in the forms
    non-superusers may submit, an account field accepts professionals' accounts only."""
    compte_personne = UserFactory()
    staff = staff_departemental("59")
    requete = _requete(staff)
    defauts = []
    for modele, model_admin in _admins(REFERENCE):
        declarations = [(modele, model_admin)] + [
            (inline.model, inline(modele, admin.site)) for inline in model_admin.inlines
        ]
        for m, declaration in declarations:
            ajout = (
                declaration.has_add_permission(requete, None)
                if isinstance(declaration, InlineModelAdmin)
                else declaration.has_add_permission(requete)
            )
            if not (ajout or declaration.has_change_permission(requete)):
                continue
            modifiables = _champs_modifiables(m, declaration, requete)
            for champ in _relations(m):
                if champ.related_model is User and champ.name in modifiables:
                    formfield = declaration.formfield_for_dbfield(champ, requete)
                    if formfield is not None and formfield.queryset.filter(pk=compte_personne.pk).exists():
                        defauts.append(f"{m._meta.label}.{champ.name}")
    assert defauts == []
