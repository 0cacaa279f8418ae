"""Use cases that change a person's core record. Pages, API and admin call these, never ``save()``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import Canal, TypeEvenement
from francetravail.base.adresse_postale import codes_postaux_de
from francetravail.personnes.acces import organisation_modifiant_coordonnees
from francetravail.personnes.models import Personne
from francetravail.personnes.regles import normaliser_telephone
from francetravail.reseau.models import Organisation

INCHANGE = object()

COORDONNEES_NON_MODIFIABLES = (
    "Seuls la personne et les professionnels qui l'accompagnent peuvent modifier ses coordonnées."
)


AUTRE_DEPARTEMENT = (
    "Cette commune est dans un autre département : un déménagement hors du département se déclare auprès du "
    "référent, qui transfère le dossier au réseau du nouveau département."
)


class CoordonneesNonModifiables(PermissionDenied):
    """The acting user may not change these contact details (they may still be allowed to read them)."""

    def __init__(self):
        super().__init__(COORDONNEES_NON_MODIFIABLES)


@transaction.atomic
def modifier_coordonnees(
    personne,
    *,
    acting_user,
    canal=Canal.WEB,
    email=INCHANGE,
    telephone=INCHANGE,
    adresse=INCHANGE,
    commune=INCHANGE,
    code_postal=INCHANGE,
    transfert=False,
):
    """Changes the given contact details of ``personne`` (the others are left as they are).

    Allowed to the person and to those who accompany them (``organisation_modifiant_coordonnees``),
    checked on the locked row, so a change of organisme référent in between is seen. Notices
    and reminders go to these addresses: every change is an audit row (which fields, through
    which channel, on behalf of which organisation; the values themselves are in the history).
    Returns ``personne``, updated.

    A commune in another département for a person who has an organisme référent is refused: the file would
    leave that organisme's territory (and its département's deciders) without being handed over. The référent
    declares the move, which transfers the file (``orientation.actions.demenager``, the only caller passing
    ``transfert=True``). Awaiting orientation, there is nothing to hand over: the address changes freely.
    """
    # NO KEY: a FOR UPDATE lock would hold up the access-log rows of anyone reading the file.
    verrouillee = Personne.objects.select_for_update(of=("self",), no_key=True).get(pk=personne.pk)
    organisation_id = organisation_modifiant_coordonnees(acting_user, verrouillee)
    if organisation_id is None:
        raise CoordonneesNonModifiables
    demandees = {}
    if email is not INCHANGE:
        demandees["email"] = (email or "").strip()
    if telephone is not INCHANGE:
        try:
            demandees["telephone"] = normaliser_telephone(telephone)
        except ValueError as exc:
            raise ValidationError({"telephone": str(exc)}) from None
    if adresse is not INCHANGE:
        demandees["adresse"] = (adresse or "").strip()
    if commune is not INCHANGE:
        demandees["commune"] = commune
        if (
            not transfert
            and commune is not None
            and verrouillee.organisme_referent_id is not None
            and verrouillee.departement_id is not None
            and commune.departement_id != verrouillee.departement_id
        ):
            raise ValidationError({"commune": AUTRE_DEPARTEMENT})
    if code_postal is not INCHANGE or commune is not INCHANGE:
        # The postcode letters print (a commune may have several): it must serve the commune.
        nouvelle = verrouillee.commune if commune is INCHANGE else commune
        servis = codes_postaux_de(nouvelle)
        code = (verrouillee.code_postal if code_postal is INCHANGE else (code_postal or "")).strip()
        if code and code not in servis:
            if code_postal is not INCHANGE:
                raise ValidationError({"code_postal": f"Le code postal {code} ne dessert pas cette commune."})
            code = ""  # the person moved: their former postcode no longer applies
        demandees["code_postal"] = code
    changes = sorted(champ for champ, valeur in demandees.items() if _valeur(verrouillee, champ) != _cle(valeur))
    if not changes:
        return personne
    for champ in changes:
        setattr(verrouillee, champ, demandees[champ])
    verrouillee.full_clean(exclude=[f.name for f in Personne._meta.fields if f.name not in changes])
    verrouillee.save(update_fields=[*changes, "updated_at"])
    enregistrer_evenement(
        TypeEvenement.COORDONNEES_MODIFIEES,
        acting_user=acting_user,
        personne=verrouillee,
        organisation=Organisation.objects.get(pk=organisation_id) if organisation_id else None,
        champs=changes,
        canal=canal,
    )
    for champ in (*changes, "departement_id", "updated_at"):
        setattr(personne, champ, getattr(verrouillee, champ))
    return personne


def _valeur(personne, champ):
    return personne.commune_id if champ == "commune" else getattr(personne, champ)


def _cle(valeur):
    """A commune compares by its code, a text as itself."""
    return getattr(valeur, "pk", valeur)
