"""Why a person may not be invited to an appointment now, contributed by the apps of the journey.

The appointments core cannot import the domain apps (they depend on it), so each app registers,
in its AppConfig.ready(), a function ``personne -> message or None``; the actions that offer or
book a slot (``rendezvous.actions``) refuse with the first message found. Today: a registration
ceased by a radiation (``inscription.cessation``, C. trav. R5412-5).
"""

from django.core.exceptions import ValidationError

_EMPECHEMENTS = {}


def enregistrer(cle, fonction):
    _EMPECHEMENTS[cle] = fonction


def empechement(personne):
    for fonction in _EMPECHEMENTS.values():
        message = fonction(personne)
        if message:
            return message
    return None


def verifier(personne):
    message = empechement(personne)
    if message:
        raise ValidationError(message)
