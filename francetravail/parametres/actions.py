"""Changes to legal parameters, and the audit row of each change.

Who may change which row (a département's staff its own rows, national staff every row) is
``francetravail.parametres.acces``.

Which keys a département may set at all, and within which bound, is the key's national row's
``departemental`` (``verifier_portee``): a departmental row never overrides a figure of the law.

Every creation, change and deletion writes a ``PARAMETRE_MODIFIE`` audit event with the key,
the département, the operation and the values before and after; pghistory keeps the row's
history besides.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.nombres import decimal_fr
from francetravail.parametres.acces import REFUS, est_equipe_nationale, organisations_departementales, peut_modifier
from francetravail.parametres.models import ParametreLegal, PorteeDepartementale, Unite
from francetravail.reseau.models import Organisation

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


def _nationales_sur_la_periode(parametre):
    """The national rows of the key in force at some point of ``parametre``'s period."""
    chevauche = Q(valide_au__isnull=True) | Q(valide_au__gt=parametre.valide_du)
    if parametre.valide_au is not None:
        chevauche &= Q(valide_du__lt=parametre.valide_au)
    return list(ParametreLegal.objects.filter(chevauche, cle=parametre.cle, departement__isnull=True))


def verifier_portee(parametre, *, acting_user):
    """May a département have this value of this key (the national row's ``departemental``)?

    Raises ValidationError at the field, in French. A national row, or a departmental one
    written by national staff for a key without a national value, is not checked here.

    - « non »: a figure of the law, the same everywhere: no departmental row, superusers
      included (a departmental row would override the law in that département);
    - « territoriale »: a figure the texts set per territory (the SMIC at Mayotte): national
      staff only;
    - « libre »: the département's choice; « au_plus »: only stricter, at most the national
      value in force over the whole period (the lookup also caps it if the national value is
      lowered later).
    """
    if parametre.departement_id is None:
        return
    nationales = _nationales_sur_la_periode(parametre)
    equipe_nationale = est_equipe_nationale(acting_user)
    if not nationales:
        if equipe_nationale:
            return
        raise ValidationError(
            {
                "cle": (
                    f"« {parametre.cle} » n'a pas de valeur nationale sur cette période : un département ne fixe "
                    "que les paramètres que la loi ou le service lui laissent."
                )
            }
        )
    portees = {n.departemental for n in nationales}
    if PorteeDepartementale.NATIONALE in portees:
        raise ValidationError(
            {
                "departement": (
                    f"« {parametre.cle} » est un chiffre national, le même partout "
                    f"({nationales[0].reference_legale}) : il ne se fixe pas par département."
                )
            }
        )
    if PorteeDepartementale.TERRITORIALE in portees and not equipe_nationale:
        raise ValidationError(
            {
                "departement": (
                    f"« {parametre.cle} » est fixé par les textes pour certains territoires : seule l'équipe "
                    "nationale enregistre sa valeur départementale."
                )
            }
        )
    unites = {n.unite for n in nationales}
    if parametre.unite not in unites:
        unite = Unite(next(iter(unites))).label
        raise ValidationError({"unite": f"La valeur nationale de « {parametre.cle} » s'exprime en {unite}."})
    if parametre.valeur is not None and parametre.valeur < 0:
        raise ValidationError({"valeur": "La valeur ne peut pas être négative."})
    if parametre.unite == Unite.BOOLEEN and parametre.valeur not in (0, 1):
        raise ValidationError({"valeur": "La valeur est 1 (oui) ou 0 (non)."})
    if PorteeDepartementale.AU_PLUS in portees:
        plafond = min(n.valeur for n in nationales)
        if parametre.valeur > plafond:
            raise ValidationError(
                {
                    "valeur": (
                        f"Un département peut seulement être plus strict : au plus {decimal_fr(plafond)} "
                        f"{Unite(parametre.unite).label}, la valeur nationale de « {parametre.cle} »."
                    )
                }
            )


def _valeurs(parametre):
    valeurs = {}
    for champ in CHAMPS_AUDITES:
        valeur = getattr(parametre, "departement_id" if champ == "departement" else champ)
        valeurs[champ] = valeur.isoformat() if hasattr(valeur, "isoformat") else valeur
    valeurs["valeur"] = f"{parametre.valeur:.2f}" if parametre.valeur is not None else None
    return valeurs


def _organisation(user, departement_id):
    """The conseil départemental through which ``user`` acts on this département, for the audit row."""
    for org, departement in organisations_departementales(user).items():
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
        stocke = ParametreLegal.objects.select_for_update(of=("self",), no_key=True).filter(pk=parametre.pk).first()
        if stocke is not None:
            if not peut_modifier(acting_user, stocke.departement_id):
                raise PermissionDenied(REFUS)
            avant = _valeurs(stocke)
    if not peut_modifier(acting_user, parametre.departement_id):
        raise PermissionDenied(REFUS)
    parametre.full_clean()
    verifier_portee(parametre, acting_user=acting_user)
    parametre.save()
    apres = _valeurs(parametre)
    if avant != apres:
        operation = "creation" if avant is None else "modification"
        _auditer(parametre, operation=operation, avant=avant, apres=apres, acting_user=acting_user)
    return parametre


@transaction.atomic
def supprimer_parametre(parametre, *, acting_user):
    """Deletes ``parametre``; raises PermissionDenied outside the user's scope."""
    # A plain FOR UPDATE (not no_key): the row is deleted.
    stocke = ParametreLegal.objects.select_for_update().filter(pk=parametre.pk).first()
    if stocke is None:
        return
    if not peut_modifier(acting_user, stocke.departement_id):
        raise PermissionDenied(REFUS)
    avant = _valeurs(stocke)
    stocke.delete()
    _auditer(stocke, operation="suppression", avant=avant, apres=None, acting_user=acting_user)
