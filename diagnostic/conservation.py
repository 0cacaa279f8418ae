"""Retention hooks of the diagnostic (francetravail/donnees/registre.py).

R5312-44 keeps two categories shorter than the file: incarceration data (3 months after release) and
disability data (6 months after the RQTH ends or the registration stops). The platform records neither a
release date nor an RQTH end date: both sections are counted from the day the registration stopped
(``DossierInscription.cessee_le``, the cessation in force; a reopening starts a new period), the only date
the file holds. The « Situation judiciaire » section holds the incarceration data, « Santé » the disability
data; each is erased as a whole (every version's content emptied: an update, whose history row is the empty
content, where a delete would copy the old content into the history).

At the end of the archive every section's content is emptied (the free texts of the diagnostic).
"""

from django.db.models import Exists, OuterRef

from diagnostic.enums import Section
from diagnostic.models import VersionSection
from francetravail.donnees.registre import anonymisation, effacer_evenements, regle_courte
from francetravail.personnes.models import Personne
from inscription.enums import StatutInscription
from inscription.models import DossierInscription


def _section_a_effacer(section):
    def candidats(aujourd_hui, duree):
        cessees = DossierInscription.objects.filter(
            personne=OuterRef("pk"), statut=StatutInscription.CESSEE, cessee_le__lt=duree.date_limite
        )
        remplies = VersionSection.objects.filter(diagnostic__personne=OuterRef("pk"), section=section).exclude(
            contenu={}
        )
        return Personne.objects.filter(Exists(cessees), Exists(remplies))

    def effacer(personne_ids, maintenant):
        versions = VersionSection.objects.filter(diagnostic__personne_id__in=personne_ids, section=section)
        versions.exclude(contenu={}).update(contenu={})
        effacer_evenements(VersionSection, versions)

    return candidats, effacer


_candidats, _effacer = _section_a_effacer(Section.JUSTICE)
regle_courte(
    "conservation.incarceration",
    libelle="Situation judiciaire (incarcération) du diagnostic",
    candidats=_candidats,
    effacer=_effacer,
)
_candidats, _effacer = _section_a_effacer(Section.SANTE)
regle_courte(
    "conservation.handicap",
    libelle="Santé et handicap du diagnostic",
    candidats=_candidats,
    effacer=_effacer,
)


@anonymisation
def vider_le_diagnostic(personne_ids):
    versions = VersionSection.objects.filter(diagnostic__personne_id__in=personne_ids)
    versions.exclude(contenu={}).update(contenu={})
    effacer_evenements(VersionSection, versions)
