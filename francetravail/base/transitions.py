"""One way to record a state change, in every app.

A step of a file is recorded three times, each for its own reader:

- the **domain history row** (``HistoriqueProcedure``, ``HistoriqueContrat``, ``HistoriqueDecision``,
  ``HistoriqueRendezVous``…): what the person and the professionals read on the file's pages — who
  moved it from which state to which, why, and the letter or document of that step;
- the **audit event** (``francetravail.audit.models.AuditEvent``): what an auditor reads across the
  network — who did what, through which organisation, with the identifiers it concerns;
- the **pghistory event** (triggers on the tracked models): what changed in the data, column by
  column, including changes no action made (bulk statements, the admin).

Actions write the first two with :func:`transition` (a state machine method of the model, checked,
then saved) or :func:`enregistrer` (a step recorded without moving the machine, or moved in SQL);
both write in the caller's transaction, so a step is never recorded without its state, nor the
reverse. Each app declares once how its steps are recorded (a :class:`Journal`); the model's
transition methods are named ``vers_<state>`` so that they cannot be mistaken for the actions that
check who may act, and nothing but an action calls them (``tests/test_architecture.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django_fsm import can_proceed

from francetravail.audit.actions import enregistrer_evenement


@dataclass(frozen=True)
class Journal:
    """How one kind of object records its steps.

    - ``historique``: the domain history model; ``champ``: its foreign key to the object;
    - ``evenement``: the audit event type of a transition (an action may name another one);
    - ``personne`` / ``organisation``: functions of the object, for the audit row;
    - ``cle``: the name of the object's id in the audit row's data (``"procedure"``…).
    """

    historique: type
    champ: str
    evenement: str
    personne: Callable[[Any], Any]
    organisation: Callable[[Any], Any] = lambda objet: None  # noqa: E731
    cle: str | None = None
    statut: str = "statut"


def _auteur(acting_user):
    """The history's author: a sweep or a task acts as nobody."""
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def enregistrer(
    objet,
    *,
    journal,
    acting_user,
    avant,
    apres=None,
    motif="",
    evenement=None,
    historique=None,
    audit=None,
):
    """Writes the history row and the audit event of a step of ``objet``; returns the history row.

    ``historique``: extra fields of the history row (a letter, an internal note…); ``audit``:
    extra data of the audit event; ``evenement``: an event type other than the journal's;
    ``evenement=False`` writes the history row only (a step whose audit event the action writes
    itself, with its own data).
    """
    apres = getattr(objet, journal.statut) if apres is None else apres
    ligne = journal.historique.objects.create(
        **{journal.champ: objet},
        user=_auteur(acting_user),
        statut_avant=avant or "",
        statut_apres=apres or "",
        motif=motif,
        **(historique or {}),
    )
    if evenement is not False:
        enregistrer_evenement(
            evenement or journal.evenement,
            acting_user=acting_user,
            personne=journal.personne(objet),
            organisation=journal.organisation(objet),
            motif=motif,
            **{journal.cle or journal.champ: objet.pk},
            **({"avant": avant, "apres": apres} if avant != apres else {}),
            **(audit or {}),
        )
    return ligne


def transition(objet, methode, *, journal, acting_user, refus, sauver=True, **enregistrement):
    """Moves ``objet``'s state machine with ``methode`` (a ``vers_*`` method), saves it and records the step.

    Refuses with ``refus`` (a French message, or a ``ValidationError``) a transition the current state
    does not allow. ``sauver=False``: the caller saves (it changes other fields in the same save).
    Returns the history row.
    """
    if not can_proceed(methode):
        raise refus if isinstance(refus, ValidationError) else ValidationError(refus)
    avant = getattr(objet, journal.statut)
    methode()
    if sauver:
        objet.save()
    return enregistrer(objet, journal=journal, acting_user=acting_user, avant=avant, **enregistrement)
