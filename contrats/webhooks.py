"""What partners' software is told of a contrat d'engagement (``partenaires.evenements``): the contract's organisme
and the person's organisme référent, with ids, the version, the date and where to read it — never its plan."""

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre, lien


def emettre_signature(contrat, version):
    """``contrat.signe`` for a first signature, ``contrat.revise`` when ``version`` replaces a signed one.

    Called as the signed ``version`` is put in force, before ``contrat.version_en_vigueur`` is moved to it
    (what was in force tells a revision from a first signature); inside the action's transaction."""
    revise = contrat.version_en_vigueur_id is not None and contrat.version_en_vigueur_id != version.pk
    return emettre(
        EvenementWebhook.CONTRAT_REVISE if revise else EvenementWebhook.CONTRAT_SIGNE,
        organisation_ids=[contrat.organisme_id, contrat.personne.organisme_referent_id],
        donnees={
            "contrat": contrat.pk,
            "lien": lien("contrats", contrat.pk),
            "personne": contrat.personne_id,
            "personne_lien": lien("personnes", contrat.personne_id),
            "organisation": contrat.organisme_id,
            "version": version.numero,
            "statut": "signe",
            "signe_le": contrat.signe_le,
        },
    )
