"""Changes to legal parameters: who may change which row, and the audit row of each change.

A row's scope is its département (None: the national value). National staff change every
row; departmental staff only their département's rows, where their département is that of
an active membership in a conseil départemental (the département decides its own options,
e.g. the recall of suspended sums); national rows are the law's figures, theirs to read.
National staff are the superusers, as for the orientation référentiel and the contract socle.

Every creation, change and deletion writes a ``PARAMETRE_MODIFIE`` audit event with the key,
the département, the operation and the values before and after; pghistory keeps the row's
history besides.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.parametres.models import ParametreLegal
from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel

CHAMPS_AUDITES = (
    "cle",
    "libelle",
    "valeur",
    "unite",
    "reference_legale",
    "valide_du",
    "valide_au",
    "departement",
    "confirme",
    "note",
)

REFUS = (
    "Vous ne pouvez modifier que les paramètres de votre département ; "
    "les valeurs nationales relèvent de l'équipe nationale."
)


def est_equipe_nationale(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def _organisations_departementales(user):
    """{organisation id: département code} of the user's active conseil départemental memberships."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return {}
    ctx = contexte_professionnel(user)
    return {
        org: departement
        for org, departement in ctx.departement_par_organisation.items()
        if departement and ctx.type_par_organisation.get(org) == TypeOrganisation.CONSEIL_DEPARTEMENTAL
    }


def departements_geres(user):
    """The départements whose rows ``user`` may change; None means every row (national staff)."""
    if est_equipe_nationale(user):
        return None
    return frozenset(_organisations_departementales(user).values())


def peut_modifier(user, departement_id):
    """May ``user`` write a row of this scope (None: national)?"""
    departements = departements_geres(user)
    return departements is None or (departement_id is not None and departement_id in departements)


def _valeurs(parametre):
    valeurs = {}
    for champ in CHAMPS_AUDITES:
        valeur = getattr(parametre, "departement_id" if champ == "departement" else champ)
        valeurs[champ] = valeur.isoformat() if hasattr(valeur, "isoformat") else valeur
    valeurs["valeur"] = f"{parametre.valeur:.2f}" if parametre.valeur is not None else None
    return valeurs


def _organisation(user, departement_id):
    """The conseil départemental through which ``user`` acts on this département, for the audit row."""
    for org, departement in _organisations_departementales(user).items():
        if departement == departement_id:
            return Organisation.objects.filter(pk=org).first()
    return None


def _auditer(parametre, *, operation, avant, apres, acting_user):
    departement = (apres or avant)["departement"]
    enregistrer_evenement(
        TypeEvenement.PARAMETRE_MODIFIE,
        acting_user=acting_user,
        organisation=_organisation(acting_user, departement),
        operation=operation,
        cle=(apres or avant)["cle"],
        departement=departement,
        avant=avant,
        apres=apres,
    )


@transaction.atomic
def enregistrer_parametre(parametre, *, acting_user):
    """Creates ``parametre`` (unsaved) or saves its changes; raises PermissionDenied outside the user's scope.

    Both the stored scope and the new one are checked: a departmental row cannot be moved to the
    national scope or to another département.
    """
    avant = None
    if parametre.pk is not None:
        stocke = ParametreLegal.objects.select_for_update().filter(pk=parametre.pk).first()
        if stocke is not None:
            if not peut_modifier(acting_user, stocke.departement_id):
                raise PermissionDenied(REFUS)
            avant = _valeurs(stocke)
    if not peut_modifier(acting_user, parametre.departement_id):
        raise PermissionDenied(REFUS)
    parametre.full_clean()
    parametre.save()
    apres = _valeurs(parametre)
    if avant != apres:
        operation = "creation" if avant is None else "modification"
        _auditer(parametre, operation=operation, avant=avant, apres=apres, acting_user=acting_user)
    return parametre


@transaction.atomic
def supprimer_parametre(parametre, *, acting_user):
    """Deletes ``parametre``; raises PermissionDenied outside the user's scope."""
    stocke = ParametreLegal.objects.select_for_update().filter(pk=parametre.pk).first()
    if stocke is None:
        return
    if not peut_modifier(acting_user, stocke.departement_id):
        raise PermissionDenied(REFUS)
    avant = _valeurs(stocke)
    stocke.delete()
    _auditer(stocke, operation="suppression", avant=avant, apres=None, acting_user=acting_user)
