"""Demo of the diagnostic and the contract for ``make run`` (idempotent, like demo.py).

Marie Dupont: oriented, a diagnostic started, a 15-hour contract submitted to her —
she accepts it (or asks for changes) in her space. Julien Blanc: a signed contract,
his activity declared for last week, a message from his référent.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from contrats import actions as contrats
from contrats import suivi
from contrats.enums import PorteurAction, StatutContrat, TypeAction
from diagnostic.actions import enregistrer_section
from diagnostic.enums import Section
from francetravail.messagerie.actions import envoyer_message
from francetravail.personnes.models import Personne
from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
from orientation.models import DecisionOrientation

PLAN = [
    (TypeAction.FORMATION, PorteurAction.PERSONNE, "Formation CACES R489 (chariots élévateurs)", "9"),
    (TypeAction.RECHERCHE_EMPLOI, PorteurAction.PERSONNE, "Candidatures auprès des entrepôts de la métropole", "4"),
    (TypeAction.ATELIER_COLLECTIF, PorteurAction.ORGANISME, "Atelier « Réussir son entretien d'embauche »", "2"),
]


def _orientation(personne, organisme):
    existante = personne.orientations.filter(notifiee_le__isnull=False).first()
    if existante is not None:
        return existante
    il_y_a_dix_jours = timezone.now() - datetime.timedelta(days=10)
    return DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Projet professionnel établi, sans frein bloquant : parcours professionnel avec France Travail.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=organisme,
        decidee_le=il_y_a_dix_jours,
        notifiee_le=il_y_a_dix_jours,
    )


def _diagnostic(personne, referent):
    contenus = {
        Section.COMPETENCES: {
            "experiences": "Six ans de préparation de commandes en entrepôt, permis B.",
            "savoir_faire": "Préparation de commandes, inventaires, lecture de bons de livraison.",
            "savoir_etre": "Ponctuelle, travail en équipe.",
        },
        Section.DROITS_DEVOIRS: {
            "informee": True,
            "informee_le": timezone.localdate().isoformat(),
            "modalites": "Entretien ; le socle des droits et devoirs et les voies de recours ont été expliqués.",
        },
    }
    for section, contenu in contenus.items():
        if not personne.diagnostics.filter(versions__section=section).exists():
            enregistrer_section(personne, section, acting_user=referent, contenu=contenu, version_lue=0)


def _contrat(personne, referent, *, signer):
    contrat = contrats.rediger(personne, acting_user=referent)
    if contrat.statut == StatutContrat.BROUILLON and not contrat.versions.exists():
        if not contrat.actions.exists():
            for type_action, porteur, description, heures in PLAN:
                contrats.ajouter_action(
                    contrat,
                    acting_user=referent,
                    type_action=type_action,
                    porteur=porteur,
                    description=description,
                    debut=timezone.localdate(),
                    heures_hebdo=Decimal(heures),
                )
        contrats.fixer_ore(contrat, acting_user=referent, metiers=["N1103"], zone="Métropole lilloise, 30 km")
        contrat = contrats.soumettre(contrat, acting_user=referent)
    if signer and contrat.statut == StatutContrat.SOUMIS:
        contrat = contrats.accepter(contrat, acting_user=personne.user)
    if signer and contrat.statut == StatutContrat.ACCEPTE:
        contrat = contrats.contresigner(contrat, acting_user=referent)
    return contrat


def _activite(contrat, personne):
    semaine = timezone.localdate() - datetime.timedelta(days=7)
    if contrat.statut != StatutContrat.SIGNE or contrat.declarations.exists():
        return
    heures = {a.pk: a.heures_hebdo for a in contrat.actions.all()}
    suivi.declarer_semaine(contrat, acting_user=personne.user, semaine=semaine, heures=heures)


def charger_demo_contrats(organisme, referent):
    for nom, signer in [("Dupont", False), ("Blanc", True)]:
        personne = Personne.objects.get(nom_naissance=nom, organisme_referent=organisme)
        _orientation(personne, organisme)
        _diagnostic(personne, referent)
        contrat = _contrat(personne, referent, signer=signer)
        _activite(contrat, personne)
    julien = Personne.objects.get(nom_naissance="Blanc", organisme_referent=organisme)
    if not julien.messages.exists():
        envoyer_message(
            julien, acting_user=referent, corps="Bonjour, votre contrat est signé. À bientôt pour le point d'étape."
        )
