"""Follow-up of a signed contract: the person's weekly activity declaration, compared with the plan.

The plan followed is the one of the **version in force** (``contrat.version_en_vigueur``):
while a revision is drafted, the person keeps declaring against what they signed. Its
planned hours are read from that version's frozen content, the actions themselves from
the plan (matched by the id the snapshot records).

Every read here costs a fixed number of queries whatever the number of actions, weeks or
declarations (tests/contrats/test_suivi.py compares 30 actions with 1).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from contrats.acces import exiger_personne
from contrats.enums import StatutAction, StatutContrat
from contrats.models import (
    ActionPlan,
    ContratEngagement,
    DeclarationActivite,
    HistoriqueContrat,
    LigneDeclaration,
    VersionContrat,
)
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.rendezvous.enums import Motif
from francetravail.rendezvous.models import RendezVous

HEURES_SEMAINE = Decimal(168)
PAS_EN_VIGUEUR = "Votre contrat n'est pas encore signé : la déclaration d'activité commence à sa signature."
FORMAT_DATE_HEURE = "j F Y à H\\hi"
SEMAINE_FUTURE = "Vous ne pouvez pas déclarer une semaine qui n'a pas encore commencé."


def lundi(jour):
    """The Monday of ``jour``'s week."""
    return jour - datetime.timedelta(days=jour.weekday())


def _decimal(valeur):
    try:
        return Decimal(str(valeur).replace(",", ".")) if valeur not in (None, "") else Decimal(0)
    except InvalidOperation:
        return None


def _version_en_vigueur(contrat):
    if contrat.version_en_vigueur_id is None:
        return None
    version = contrat.version_en_vigueur  # select_related by contrat_courant; one query otherwise
    return version


def plan_en_vigueur(contrat):
    """``[(action, heures_prevues, debut, fin)]`` of the plan in force, or of the live plan before signature.

    One query for the actions (plus one for the version if it was not joined).
    """
    version = _version_en_vigueur(contrat)
    prefetched = getattr(contrat, "_prefetched_objects_cache", {}).get("actions")
    actions = list(prefetched) if prefetched is not None else list(contrat.actions.order_by("debut", "pk"))
    if version is None:
        return [(a, a.heures_hebdo, a.debut, a.fin) for a in actions if a.statut != StatutAction.ABANDONNEE]
    par_id = {a.pk: a for a in actions}
    plan = []
    for entree in version.contenu.get("plan", []):
        action = par_id.get(entree.get("id"))
        if action is None:  # a snapshot without ids, or an action deleted since (never once declared)
            continue
        fin = entree.get("fin")
        plan.append(
            (
                action,
                Decimal(entree.get("heures_hebdo") or 0),
                datetime.date.fromisoformat(entree["debut"]),
                datetime.date.fromisoformat(fin) if fin else None,
            )
        )
    return plan


def _active_la_semaine(debut, fin, semaine):
    dimanche = semaine + datetime.timedelta(days=6)
    return debut <= dimanche and (fin is None or fin >= semaine)


# --- Declaring ----------------------------------------------------------------------------------


@transaction.atomic
def declarer_semaine(contrat, *, acting_user, semaine, heures, commentaire=""):
    """The person declares the hours they spent on each action during ``semaine`` (any day of it).

    Creates that week's declaration or replaces the earlier one (lines and comment).
    ``heures`` maps action ids (of the plan in force) to hours, 0 to 168 each, 168 in all.
    """
    contrat = (
        ContratEngagement.objects.select_for_update(of=("self",), no_key=True)
        .select_related("personne", "organisme", "version_en_vigueur")
        .get(pk=contrat.pk)
    )
    exiger_personne(acting_user, contrat, refus="Seule la personne concernée peut déclarer son activité.")
    if contrat.version_en_vigueur_id is None:
        raise ValidationError(PAS_EN_VIGUEUR)
    semaine = lundi(semaine)
    if semaine > lundi(timezone.localdate()):
        raise ValidationError({"semaine": SEMAINE_FUTURE})
    plan = {action.pk: action for action, *_ in plan_en_vigueur(contrat)}
    erreurs = {}
    lignes = {}
    for cle, valeur in (heures or {}).items():
        try:
            action_id = int(cle)
        except (TypeError, ValueError):
            action_id = None
        if action_id not in plan:
            erreurs.setdefault("heures", []).append(
                "Vous ne pouvez déclarer que des actions de votre plan en vigueur."
            )
            continue
        nombre = _decimal(valeur)
        if nombre is None:
            erreurs[f"heures_{action_id}"] = "Indiquez un nombre d'heures (par exemple 3 ou 2,5)."
        elif nombre < 0 or nombre > HEURES_SEMAINE:
            erreurs[f"heures_{action_id}"] = "Le nombre d'heures d'une action va de 0 à 168 sur une semaine."
        elif nombre != nombre.quantize(Decimal("0.1")):
            erreurs[f"heures_{action_id}"] = "Indiquez les heures à la demi-heure ou au dixième d'heure près."
        else:
            lignes[action_id] = nombre
    if not erreurs and sum(lignes.values(), Decimal(0)) > HEURES_SEMAINE:
        erreurs["heures"] = "Une semaine compte 168 heures : le total déclaré ne peut pas les dépasser."
    if erreurs:
        raise ValidationError(erreurs)
    declaration = (
        DeclarationActivite.objects.select_for_update(of=("self",), no_key=True)
        .filter(contrat=contrat, semaine=semaine)
        .first()
    )
    commentaire = (commentaire or "").strip()
    remplacee = declaration is not None
    if declaration is None:
        declaration = DeclarationActivite.objects.create(
            contrat=contrat, semaine=semaine, commentaire=commentaire, declaree_par=acting_user
        )
    else:
        declaration.commentaire = commentaire
        declaration.declaree_par = acting_user
        declaration.declaree_le = timezone.now()
        declaration.save(update_fields=["commentaire", "declaree_par", "declaree_le", "modifiee_le"])
        declaration.lignes.all().delete()
    LigneDeclaration.objects.bulk_create(
        LigneDeclaration(declaration=declaration, action_id=action_id, heures=nombre)
        for action_id, nombre in sorted(lignes.items())
    )
    total = sum(lignes.values(), Decimal(0))
    enregistrer_evenement(
        TypeEvenement.DECLARATION_ACTIVITE,
        acting_user=acting_user,
        personne=contrat.personne,
        organisation=contrat.organisme,
        contrat=contrat.pk,
        semaine=semaine.isoformat(),
        total=format(total.normalize(), "f"),
        remplacee=remplacee,
    )
    return declaration


# --- Reading --------------------------------------------------------------------------------------


def _declarations(contrat, premiere, derniere):
    return {
        d.semaine: d
        for d in DeclarationActivite.objects.filter(contrat=contrat, semaine__gte=premiere, semaine__lte=derniere)
        .prefetch_related(Prefetch("lignes", queryset=LigneDeclaration.objects.select_related("action")))
        .order_by("-semaine")
    }


def tableau_hebdomadaire(contrat, *, semaines=8, aujourdhui=None):
    """The last ``semaines`` weeks (this one first): planned hours, declared hours, gap, per action.

    ``declare`` and ``ecart`` are None for a week not declared. Planned hours count the
    actions of the plan in force that run during the week. An action declared but no longer
    in the plan (removed by a revision) shows with 0 planned hours.
    """
    aujourdhui = aujourdhui or timezone.localdate()
    derniere = lundi(aujourdhui)
    lundis = [derniere - datetime.timedelta(weeks=i) for i in range(semaines)]
    plan = plan_en_vigueur(contrat)
    declarations = _declarations(contrat, lundis[-1], derniere) if lundis else {}
    tableau = []
    for semaine in lundis:
        declaration = declarations.get(semaine)
        declarees = {ligne.action_id: ligne for ligne in declaration.lignes.all()} if declaration else {}
        lignes = []
        prevu_total = Decimal(0)
        for action, heures, debut, fin in plan:
            prevu = heures if _active_la_semaine(debut, fin, semaine) else Decimal(0)
            prevu_total += prevu
            ligne = declarees.pop(action.pk, None)
            declare = ligne.heures if ligne else (Decimal(0) if declaration else None)
            lignes.append({"action": action, "prevu": prevu, "declare": declare})
        for ligne in declarees.values():  # declared, then removed from the plan by a revision
            lignes.append({"action": ligne.action, "prevu": Decimal(0), "declare": ligne.heures})
        declare_total = sum((ligne.heures for ligne in declaration.lignes.all()), Decimal(0)) if declaration else None
        tableau.append(
            {
                "semaine": semaine,
                "prevu": prevu_total,
                "declare": declare_total,
                "ecart": declare_total - prevu_total if declare_total is not None else None,
                "commentaire": declaration.commentaire if declaration else "",
                "lignes": lignes,
            }
        )
    return tableau


def actions_en_retard(contrat, *, aujourdhui=None):
    """Actions whose end date has passed and that are neither done nor abandoned (one query)."""
    aujourdhui = aujourdhui or timezone.localdate()
    return list(
        ActionPlan.objects.filter(contrat=contrat, fin__lt=aujourdhui)
        .exclude(statut__in=(StatutAction.REALISEE, StatutAction.ABANDONNEE))
        .order_by("fin", "pk")
    )


def _libelle_transition(h):
    avant, apres = h.statut_avant, h.statut_apres
    version = f" (version {h.version})" if h.version else ""
    if not avant:
        return "Contrat ouvert en brouillon"
    if avant == StatutContrat.SIGNE and apres == StatutContrat.BROUILLON:
        return f"Révision ouverte{version}"
    if apres == StatutContrat.SOUMIS:
        return f"Contrat soumis à la personne{version}"
    if apres == StatutContrat.ACCEPTE:
        return f"Contrat accepté par la personne{version}"
    if avant == StatutContrat.SOUMIS and apres == StatutContrat.BROUILLON:
        return f"Modification demandée par la personne{version}"
    if apres == StatutContrat.SIGNE and avant == StatutContrat.ACCEPTE:
        return f"Contrat contresigné{version}"
    if apres == StatutContrat.SIGNE:
        return f"Contrat signé sur papier{version}"
    return f"{h.get_statut_avant_display()} → {h.get_statut_apres_display()}"


def chronologie(contrat):
    """The contract's timeline, oldest first: transitions, versions' documents, declarations, points d'étape.

    Five queries whatever the contract's size.
    """
    evenements = []
    for h in HistoriqueContrat.objects.filter(contrat=contrat).select_related("user").order_by("at", "pk"):
        evenements.append(
            {"at": h.at, "libelle": _libelle_transition(h), "par": h.user.nom_affiche, "detail": h.motif}
        )
    versions = VersionContrat.objects.filter(contrat=contrat, document_genere_le__isnull=False).only(
        "numero", "document_genere_le", "document_empreinte", "document_signe_genere_le", "document_signe_empreinte"
    )
    for v in versions:
        evenements.append(
            {
                "at": v.document_genere_le,
                "libelle": f"Document PDF de la version {v.numero} généré",
                "par": "",
                "detail": f"Empreinte SHA-256 : {v.document_empreinte}",
            }
        )
        if v.document_signe_genere_le:
            evenements.append(
                {
                    "at": v.document_signe_genere_le,
                    "libelle": f"Exemplaire signé de la version {v.numero} généré",
                    "par": "",
                    "detail": f"Empreinte SHA-256 : {v.document_signe_empreinte}",
                }
            )
    declarations = (
        DeclarationActivite.objects.filter(contrat=contrat)
        .select_related("declaree_par")
        .prefetch_related("lignes")
        .order_by("declaree_le")
    )
    for d in declarations:
        total = sum((ligne.heures for ligne in d.lignes.all()), Decimal(0))
        evenements.append(
            {
                "at": d.declaree_le,
                "libelle": f"Activité déclarée pour la semaine du {date_format(d.semaine, 'j F Y')}",
                "par": d.declaree_par.nom_affiche,
                "detail": f"{format(total.normalize(), 'f').replace('.', ',')} h"
                + (f" — {d.commentaire}" if d.commentaire else ""),
            }
        )
    rdvs = RendezVous.objects.filter(
        personne_id=contrat.personne_id, creneau__motif=Motif.POINT_ETAPE, created_at__gte=contrat.created_at
    ).select_related("creneau", "propose_par")
    for rdv in rdvs:
        debut = date_format(timezone.localtime(rdv.creneau.debut), FORMAT_DATE_HEURE)
        evenements.append(
            {
                "at": rdv.creneau.debut,
                "libelle": f"Point d'étape du {debut} ({rdv.get_statut_display().lower()})",
                "par": rdv.propose_par.nom_affiche if rdv.propose_par_id else "",
                "detail": rdv.motif,
            }
        )
    evenements.sort(key=lambda e: e["at"])
    return evenements
