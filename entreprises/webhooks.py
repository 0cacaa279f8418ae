"""What partners' software is told of an application (``partenaires.evenements``): the organisation through which a
conseiller put the person forward, if one did, with ids, the status, the date and where to read it — never the
message or the grounds of a refusal."""

from django.utils import timezone

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre, lien
from francetravail.personnes.acces import organisation_donnant_acces


def organisation_de_la_mise_en_relation(candidature):
    """The organisation through which the conseiller who put the person forward reads their file (as when the
    application was made, ``candidatures.mettre_en_relation``), or None for a person's own application."""
    if candidature.mise_en_relation_par_id is None:
        return None
    return organisation_donnant_acces(candidature.mise_en_relation_par, candidature.personne) or None


def emettre_statut(candidature):
    """``candidature.statut`` with the application's current status; inside the action's transaction."""
    organisation_id = organisation_de_la_mise_en_relation(candidature)
    if organisation_id is None:
        return []  # nobody of the network to tell: the person applied on their own
    return emettre(
        EvenementWebhook.CANDIDATURE_STATUT,
        organisation_ids=[organisation_id],
        donnees={
            "candidature": candidature.pk,
            "lien": lien("candidatures", candidature.pk),
            "offre": candidature.offre_id,
            "offre_lien": lien("offres", candidature.offre_id),
            "personne": candidature.personne_id,
            "personne_lien": lien("personnes", candidature.personne_id),
            "organisation": organisation_id,
            "statut": candidature.statut,
            "date": timezone.now(),
        },
    )
