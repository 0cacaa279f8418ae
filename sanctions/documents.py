"""Who reads the documents of a sanction procedure (``francetravail.documents.lecteurs``).

- A proof sent with the person's written observations (attached to the ``ProcedureSanction``): the
  person, and whoever reads this procedure in the back-office — the control team and the decider
  (by their mission on the file, as the procedure page: ``views.conseiller.procedure_ou_404``) —
  and the instructor of an appeal against its decision (the appeal's page shows the observations).
- A document sent with an appeal (attached to the ``Recours``): the same, and the appeal's instructor
  (the regional mediator, the département's decider for a RAPO: ``views.recours.recours_ou_404``).

A professional who reads the person's file without a part in the procedure (another organisation
involved, a département role without a sanction role) does not read them: these documents answer a
procedure, they are not the file's.
"""

from francetravail.documents.enums import NatureDocument
from francetravail.documents.lecteurs import LA_PERSONNE, Lecture
from sanctions import acces, queries
from sanctions.models import ProcedureSanction, Recours
from sanctions.views.recours import organisation_instructrice


def _organisation_de_la_procedure(user, procedure):
    """The organisation through which ``user`` works ``procedure`` (decider or control team), or None."""
    if queries.procedures_du_professionnel(user).filter(pk=procedure.pk).exists():
        if acces.est_decideur(user, procedure):
            return procedure.organisation_decisionnaire_id
        if acces.est_equipe(user, procedure.organisation_id, procedure.personne):
            return procedure.organisation_id
    return None


def _procedure(document, modele):
    objet = document.objet
    if not isinstance(objet, modele):
        return None
    return objet if modele is ProcedureSanction else objet.procedure


def lecteur_observations(user, document):
    procedure = _procedure(document, ProcedureSanction)
    if procedure is None or procedure.personne_id != document.personne_id:
        return None
    if procedure.personne.user_id == user.pk:
        return LA_PERSONNE
    organisation = _organisation_de_la_procedure(user, procedure)
    if organisation is None:
        # The appeal's page shows the observations to its instructor: their proofs with them.
        organisation = next(
            (
                org
                for recours in Recours.objects.filter(procedure=procedure)
                if (org := organisation_instructrice(user, recours, procedure))
            ),
            None,
        )
    return Lecture(organisation_id=organisation) if organisation else None


def lecteur_recours(user, document):
    recours = document.objet if isinstance(document.objet, Recours) else None
    if recours is None or recours.procedure.personne_id != document.personne_id:
        return None
    procedure = recours.procedure
    if procedure.personne.user_id == user.pk:
        return LA_PERSONNE
    organisation = _organisation_de_la_procedure(user, procedure)
    if organisation is None:
        organisation = organisation_instructrice(user, recours, procedure)
    return Lecture(organisation_id=organisation) if organisation else None


LECTEURS = {NatureDocument.OBSERVATIONS: lecteur_observations, NatureDocument.RECOURS: lecteur_recours}
