"""Who reads the documents of applications (``francetravail.documents.lecteurs``).

A CV (nature « cv ») is attached to one application (``Document.objet``). It is read by:

- the person who sent it;
- an active member of the company whose offer received that application: the employer reads it as
  they read the application's page (``acces.candidatures_de_l_employeur``), logged in the person's
  access log with no organisation (an employer reads as themself);
- a professional who reads the person's file through the gate (the référent's side follows the
  applications, ``candidatures_personne``).

Another company's member, an employer for a CV attached to something else than an application to
one of their offers, and anyone else are refused (404).
"""

from django.contrib.contenttypes.models import ContentType

from entreprises import acces
from entreprises.models import Candidature
from francetravail.documents.enums import NatureDocument
from francetravail.documents.lecteurs import Lecture, par_la_porte


def lecteur_cv(user, document):
    if user.est_employeur:
        return _employeur(user, document)
    return par_la_porte(user, document)


def _employeur(user, document):
    if document.objet_type_id != ContentType.objects.get_for_model(Candidature).pk:
        return None
    candidature_lisible = acces.candidatures_de_l_employeur(user).filter(
        pk=document.objet_id, personne_id=document.personne_id
    )
    return Lecture(organisation_id=None) if candidature_lisible.exists() else None


LECTEURS = {NatureDocument.CV: lecteur_cv}
