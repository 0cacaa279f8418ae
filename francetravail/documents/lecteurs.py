"""Who may read a document: one rule per nature, declared by the domain app that owns the nature.

The documents app cannot import a domain app (CONTRIBUTING: core apps never do), yet only the domain
knows who reads an observation's proof (the decider of that sanction), an excused absence's
justificatif (the référent's side), a CV (the employer the person applied to). So each domain app
declares its natures' readers in ``<app>/documents.py``::

    # sanctions/documents.py
    from francetravail.documents.enums import NatureDocument
from francetravail.personnes.acces import organisation_donnant_acces
    from francetravail.documents.lecteurs import Lecture, par_la_porte

    def lecteur_observations(user, document):
        # The person and whoever reads the file through the gate; then the decider by mission.
        lecture = par_la_porte(user, document)
        if lecture is None and (org := organisation_de_la_mission(user, document)):
            lecture = Lecture(organisation_id=org)
        return lecture

    LECTEURS = {NatureDocument.OBSERVATIONS: lecteur_observations}

A reader is ``reader(user, document) -> Lecture | None``: ``None`` refuses (the download answers
404, like the gate), a ``Lecture`` allows and says what the access log records: the organisation
through which the file is read (``None`` for an employer, who reads as themself), or
``journaliser=False`` for the person reading their own document (the gate does not log that either).
``document.objet`` is what the document is attached to (an observation, an appeal, an appointment,
an application…): a reader usually checks the user's right on that object, not only on the person.

Each nature has exactly one reader across the project (``tests/documents/test_lecteurs.py``); a
nature with no reader is read by nobody. Whatever a reader says, a document of an archived or
anonymised file is not served (the archive is read through its own motivated page).
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from francetravail.documents.enums import NatureDocument
from francetravail.personnes.acces import organisation_donnant_acces

MODULE = "documents"


@dataclass(frozen=True)
class Lecture:
    """An allowed read: ``organisation_id`` goes to ``JournalAcces.organisation``; ``journaliser=False``
    only for the person themself."""

    organisation_id: int | None = None
    journaliser: bool = True


LA_PERSONNE = Lecture(journaliser=False)


class LecteurEnDouble(Exception):
    pass


def par_la_porte(user, document):
    """The plain rule: the person themself, or a professional who reads the file through the gate
    (``personnes.acces.organisation_donnant_acces``: no read logged here, the download logs it)."""
    organisation = organisation_donnant_acces(user, document.personne)
    if organisation is None:
        return None
    if organisation is False:
        return LA_PERSONNE
    return Lecture(organisation_id=organisation)


def la_personne_seule(user, document):
    """Only the person the document belongs to."""
    if user.is_authenticated and user.is_active and document.personne.user_id == user.pk:
        return LA_PERSONNE
    return None


@cache
def lecteurs():
    """{nature: reader}, gathered once from every installed app's ``documents`` module."""
    modules = []
    for config in apps.get_app_configs():
        nom = f"{config.name}.{MODULE}"
        if config.name != "francetravail.documents" and find_spec(nom) is not None:
            modules.append((nom, import_module(nom)))
    return rassembler(modules)


def rassembler(modules):
    """{nature: reader} from ``(module name, module)`` pairs; a nature declared twice is an error."""
    trouves, origines = {}, {}
    for nom, module in modules:
        for nature, lecteur in getattr(module, "LECTEURS", {}).items():
            nature = NatureDocument(nature)
            if nature in trouves:
                raise LecteurEnDouble(f"La nature {nature} a deux règles de lecture : {origines[nature]} et {nom}.")
            trouves[nature], origines[nature] = lecteur, nom
    return trouves


def lecture_autorisee(user, document):
    """The ``Lecture`` ``user`` is given on ``document``, or None (refused)."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    personne = document.personne
    if personne.archivee_le is not None or personne.anonymisee_le is not None:
        return None
    lecteur = lecteurs().get(document.nature)
    if lecteur is None:
        return None
    return lecteur(user, document)
