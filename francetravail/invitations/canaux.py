"""Which channels can reach a person: what their file holds, intersected with what the professional allowed.

- e-mail: the file has an address;
- SMS: the file's phone is a French mobile (06 / 07, +33 6 / +33 7, 0033 6 / 7): a landline cannot take a text;
- letter: the file's postal address is complete enough to print an address block La Poste sorts
  (``francetravail.base.adresse_postale``: street, commune, the right postcode).

The person's preference: the file (``Personne``) and the account (``User``) record none today (no
« canal préféré » field anywhere: the registration records a preferred structure, not a channel), so every
possible channel the professional allowed is used. Should one be added, :func:`choisir` is where it goes.

Pure: no query beyond the person's commune (loaded by the caller with ``select_related``).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from francetravail.base.adresse_postale import lignes_personne
from francetravail.invitations.enums import CanalInvitation

ORDRE = (CanalInvitation.EMAIL, CanalInvitation.SMS, CanalInvitation.COURRIER)
_SEPARATEURS = re.compile(r"[\s.\-()/]")
_MOBILE = re.compile(r"^(?:\+33|0033|0)([67]\d{8})$")

SANS_CANAL = "Aucun moyen de la joindre parmi les canaux choisis"


def mobile_francais(telephone):
    """``telephone`` as an international French mobile number (« +33612345678 »), or None."""
    trouve = _MOBILE.match(_SEPARATEURS.sub("", telephone or ""))
    return f"+33{trouve.group(1)}" if trouve else None


@dataclass(frozen=True)
class Possibilite:
    canal: str
    possible: bool
    # Where it goes (address, number, the address block's last line) or why not, in French.
    detail: str

    @property
    def libelle(self):
        return CanalInvitation(self.canal).label


def possibilites(personne):
    """One ``Possibilite`` per channel, in ``ORDRE``, from what ``personne``'s file holds."""
    email = (personne.email or "").strip()
    resultat = [
        Possibilite(CanalInvitation.EMAIL, True, email)
        if email
        else Possibilite(CanalInvitation.EMAIL, False, "Pas d'adresse électronique dans le dossier."),
    ]
    mobile = mobile_francais(personne.telephone)
    if mobile:
        resultat.append(Possibilite(CanalInvitation.SMS, True, mobile))
    elif personne.telephone:
        resultat.append(
            Possibilite(CanalInvitation.SMS, False, "Le téléphone du dossier n'est pas un mobile français (06 ou 07).")
        )
    else:
        resultat.append(Possibilite(CanalInvitation.SMS, False, "Pas de téléphone dans le dossier."))
    try:
        lignes = lignes_personne(personne)
    except ValidationError as exc:
        resultat.append(Possibilite(CanalInvitation.COURRIER, False, " ".join(exc.messages)))
    else:
        resultat.append(Possibilite(CanalInvitation.COURRIER, True, lignes[-1]))
    return resultat


def choisir(personne, autorises):
    """``(canaux, raison)``: the channels of ``autorises`` (the professional's choice) the file makes possible,
    in ``ORDRE``; ``raison`` (French) when there is none, the person is then not invited."""
    autorises = set(autorises)
    possibles = possibilites(personne)
    canaux = [p.canal for p in possibles if p.possible and p.canal in autorises]
    if canaux:
        return canaux, ""
    pourquoi = [p.detail for p in possibles if p.canal in autorises and not p.possible]
    return [], f"{SANS_CANAL} : {' '.join(pourquoi)}" if pourquoi else SANS_CANAL + "."


def adresse(personne, canal):
    """Where an e-mail or SMS goes (copied on the notification at write time)."""
    if canal == CanalInvitation.EMAIL:
        return (personne.email or "").strip()
    if canal == CanalInvitation.SMS:
        return mobile_francais(personne.telephone) or ""
    return ""
