"""Back-office: the control teams' and deciders' queue, the procedure page and its steps, the référent's report.

Who reaches a procedure: a member of the organisation that runs it or decides it
(``queries.procedures_du_professionnel``, the set form of ``acces.est_equipe`` and
``acces.est_decideur``), and who reads the person's file through the access gate.
Everyone else gets a 404. Each step posts to one URL and calls one action of
``sanctions.actions``; a refusal is shown at the field, with the input kept.
"""

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from contrats.acces import est_referent
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.forms import signaler_refus
from francetravail.documents.selecteurs import documents_de, documents_par_objet
from francetravail.documents.televersement import televersement_document
from francetravail.personnes.acces import acces_personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from sanctions import acces, actions, forms, queries
from sanctions.enums import Mesure, StatutProcedure, StatutRecours
from sanctions.views import documents
from sanctions.views.etapes import etapes_possibles, periode_contradictoire, recours_ouvert, voie_libelle
from sanctions.views.montants import montants

S = StatutProcedure
PAR_PAGE = 25


def sans_vide(donnees):
    """A form's data without its empty fields (the action's defaults apply)."""
    return {k: v for k, v in donnees.items() if v not in (None, "")}


def _reception_postale(procedure, *, acting_user, courrier, recu_le):
    return actions.enregistrer_reception(courrier, acting_user=acting_user, recu_le=recu_le)


# One entry per step: the form (None for a plain button), what it does, what the user reads after.
ETAPES = {
    "examiner": (forms.ExamenForm, actions.examiner, "Examen de la situation enregistré."),
    "classer": (forms.ClassementForm, actions.classer_sans_suite, "Procédure classée sans suite."),
    "avertir": (
        forms.AvertissementForm,
        actions.notifier_avertissement_prealable,
        "Avertissement préalable notifié : le délai d'observations court.",
    ),
    "observations": (
        forms.ObservationsGuichetForm,
        actions.enregistrer_observations,
        "Observations de la personne enregistrées.",
    ),
    "demande_audition": (
        forms.DemandeAuditionGuichetForm,
        actions.demander_audition,
        "Demande d'audition enregistrée : aucune décision avant l'audition.",
    ),
    "audition": (forms.AuditionForm, actions.tenir_audition, "Audition enregistrée."),
    "absence_audition": (
        forms.AbsenceAuditionForm,
        actions.constater_absence_audition,
        "Absence à l'audition enregistrée.",
    ),
    "delai_expire": (None, actions.constater_delai_expire, "Expiration du délai d'observations constatée."),
    "a_decider": (None, actions.mettre_a_decider, "Procédure transmise pour décision."),
    "proposer": (forms.PropositionForm, actions.proposer, "Proposition transmise au département."),
    "avis_equipe": (
        forms.AvisEquipeForm,
        actions.enregistrer_avis_equipe_pluridisciplinaire,
        "Avis de l'équipe pluridisciplinaire enregistré.",
    ),
    "foyer": (
        forms.CorrectionFoyerForm,
        actions.corriger_foyer,
        "Composition du foyer corrigée : la plage légale est recalculée.",
    ),
    "decider": (forms.DecisionForm, actions.decider, "Décision notifiée."),
    "demarrer": (None, actions.demarrer_sanction, "Sanction démarrée."),
    "remobilisation": (forms.RemobilisationForm, actions.enregistrer_remobilisation, "Remobilisation enregistrée."),
    "lever": (forms.LeveeForm, actions.lever_par_remobilisation, "Sanction levée."),
    "echeance": (None, actions.constater_echeance, "Fin de la sanction constatée."),
    "recours": (forms.RecoursGuichetForm, actions.former_recours, "Recours enregistré."),
    "instruire": (None, actions.instruire_recours, "Recours mis en instruction."),
    "statuer": (forms.StatuerRecoursForm, actions.statuer_recours, "Décision sur le recours enregistrée."),
    "reception": (forms.ReceptionPostaleForm, _reception_postale, "Date de réception du courrier enregistrée."),
}
ETAPES_RECOURS = {"instruire", "statuer"}


# --- Access ---------------------------------------------------------------------------------


def procedure_ou_404(request, pk, *, canal=Canal.WEB):
    """The procedure if ``request.user``'s organisation runs or decides it and the user may read the file.

    Deciders and sanctions delegates hold no accompaniment role, so the file gate's general rule
    does not know them: their role on this very procedure (R5412-4, L262-37) is their mission on
    the file, and the read is logged the same way.
    """
    procedure = queries.procedure_du_professionnel(request.user, pk)
    if procedure is None:
        raise Http404

    def par_procedure(user, personne):
        if acces.est_decideur(user, procedure):
            return procedure.organisation_decisionnaire_id
        if acces.est_equipe(user, procedure.organisation_id, personne):
            return procedure.organisation_id
        return None

    procedure.personne = acces_personne(
        request, procedure.personne_id, partie=PartieDossier.SANCTIONS, canal=canal, par_mission=par_procedure
    )
    return procedure


# --- The queue ------------------------------------------------------------------------------


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_FILE)
def file(request):
    filtres = forms.FiltreFileForm(request.GET or None)
    criteres = filtres.cleaned_data if filtres.is_valid() else {}
    aujourdhui = timezone.localdate()
    qs = queries.file(
        request.user,
        statut=criteres.get("statut", ""),
        type_manquement=criteres.get("type_manquement", ""),
        public=criteres.get("public", ""),
        en_retard=criteres.get("en_retard", False),
        sans_adresse=criteres.get("sans_adresse", False),
        avis_attendu=criteres.get("avis_attendu", False),
        aujourdhui=aujourdhui,
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    # Hearings asked for and not held hold their cases in the contradictory phase: work for the team.
    auditions = queries.procedures_du_professionnel(request.user).filter(statut=S.AUDITION_DEMANDEE).count()
    return render(
        request,
        "sanctions/backoffice/file.html",
        {
            "page": page,
            "filtres": filtres,
            "aujourdhui": aujourdhui,
            "auditions_a_tenir": auditions,
            "sans_adresse": queries.courriers_en_attente_d_adresse(request.user).count(),
        },
    )


# --- The procedure page ---------------------------------------------------------------------


def plage_lisible(plage):
    """The legal range as the pages show it (the measures by their labels)."""
    valeurs = dataclasses.asdict(plage)
    valeurs["mesures"] = [Mesure(m).label for m in sorted(plage.mesures)]
    return valeurs


def _plages(procedure):
    """The legal range shown next to the decision form; for the RSA, computed from the household the
    file holds (``sanctions.foyer``), whose source the template shows with it."""
    try:
        plage = actions.plage_de(procedure)
    except ValidationError as e:
        return [], e.messages
    return [("", plage_lisible(plage))], []


def historique(procedure):
    """The procedure's history as the professionals read it (with the appeals' steps)."""
    libelles = {**dict(S.choices), **{f"recours:{k}": f"Recours — {v}" for k, v in StatutRecours.choices}}
    lignes = queries.historique(procedure)
    for ligne in lignes:
        ligne.libelle_avant = libelles.get(ligne.statut_avant, "")
        ligne.libelle_apres = libelles.get(ligne.statut_apres, ligne.statut_apres)
    return lignes


def _page(request, procedure, *, etape_en_erreur=None, form_en_erreur=None):
    aujourdhui = timezone.localdate()
    recours = queries.recours(procedure)
    pieces = documents_par_objet(recours)
    for r in recours:
        r.pieces = pieces.get(r.pk, [])
    etapes = etapes_possibles(request.user, procedure, recours, aujourdhui=aujourdhui)
    formulaires = {}
    for nom in sorted(etapes):
        classe = ETAPES[nom][0]
        if nom == etape_en_erreur:
            formulaires[nom] = form_en_erreur
        elif classe is not None:
            formulaires[nom] = classe(initial=_initial(nom, procedure), prefix=nom, **_avec(classe, procedure))
        else:
            formulaires[nom] = None
    plages, sans_bareme = _plages(procedure) if {"decider", "proposer", "statuer"} & etapes else ([], [])
    return render(
        request,
        "sanctions/backoffice/procedure.html",
        {
            "procedure": procedure,
            "erreur": form_en_erreur is not None,
            "personne": procedure.personne,
            "manquement": procedure.manquement,
            "historique": historique(procedure),
            "recours": recours,
            "recours_ouvert": recours_ouvert(recours),
            "etapes": etapes,
            "formulaires": formulaires,
            "plages": plages,
            "sans_bareme": sans_bareme,
            "en_retard": procedure.en_retard(aujourdhui),
            "periode": periode_contradictoire(procedure, aujourdhui),
            "foyer": actions.foyer_rsa(procedure) if plages else None,
            "aujourdhui": aujourdhui,
            "voie_recours": voie_libelle(procedure),
            "montants": montants(procedure),
            "documents": documents.documents(procedure),
            "justificatifs": documents_de(procedure),
        },
    )


def _avec(classe, procedure):
    return {"procedure": procedure} if getattr(classe, "avec_procedure", False) else {}


def _initial(nom, procedure):
    if nom == "decider" and procedure.proposition:
        # The département starts from France Travail's proposal (L262-37 IV); it decides.
        return {
            k: v for k, v in procedure.proposition.items() if k in ("mesure", "taux", "duree_mois", "radiation_mois")
        }
    if nom in ("decider", "proposer") and procedure.mesure_envisagee:
        return {"mesure": procedure.mesure_envisagee}
    if nom == "avertir":
        return {"mesure_envisagee": Mesure.SUSPENSION}
    if nom == "foyer":
        # Starts from the household as read: the decider changes what the proof contradicts.
        foyer = actions.foyer_rsa(procedure)
        return {
            "nb_personnes": foyer.nb_personnes,
            "majoration_isolement": "oui" if foyer.majoration_isolement else "non",
        }
    return {}


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_FILE)
def procedure(request, pk):
    return _page(request, procedure_ou_404(request, pk))


# A step may carry a document (the observations brought to the desk): the early size limit first.
@televersement_document
@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_FILE)
def etape(request, pk, etape):
    if etape not in ETAPES:
        raise Http404
    objet = procedure_ou_404(request, pk)
    recours = queries.recours(objet)
    if etape not in etapes_possibles(request.user, objet, recours):
        raise Http404  # no such button for this user now: a crafted POST learns nothing more
    classe, action, succes = ETAPES[etape]
    form = classe(request.POST, request.FILES, prefix=etape, **_avec(classe, objet)) if classe is not None else None
    if form is not None:
        signaler_refus(form, request)
    if form is not None and not form.is_valid():
        return _page(request, objet, etape_en_erreur=etape, form_en_erreur=form)
    donnees = sans_vide(form.cleaned_data) if form is not None else {}
    cible = recours_ouvert(recours) if etape in ETAPES_RECOURS else objet
    try:
        action(cible, acting_user=request.user, **donnees)
    except ValidationError as e:
        if form is None:
            messages.error(request, " ".join(e.messages))
            return redirect("backoffice:sanction", pk=objet.pk)
        reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
        return _page(request, objet, etape_en_erreur=etape, form_en_erreur=form)
    messages.success(request, succes)
    return redirect("backoffice:sanction", pk=objet.pk)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=queries.ROLES_FILE)
def courrier(request, pk, courrier_pk):
    return documents.pdf(request, procedure_ou_404(request, pk), courrier_pk)


# --- The référent reports a manquement ------------------------------------------------------


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def signaler(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.SANCTIONS)
    if not est_referent(request.user, personne.organisme_referent_id, personne):
        raise Http404
    absences = queries.absences_a_examiner(personne)
    form = forms.SignalementForm(
        request.POST if request.method == "POST" else None,
        absences=absences,
        initial={"absence": request.GET.get("absence")} if request.GET.get("absence", "").isdigit() else None,
    )
    if form.is_valid():
        donnees = form.cleaned_data
        try:
            with transaction.atomic():
                manquement = actions.signaler_manquement(
                    personne,
                    acting_user=request.user,
                    type_manquement=donnees["type_manquement"],
                    faits=donnees["faits"],
                    date_faits=donnees["date_faits"],
                    elements_preuve=donnees["elements_preuve"],
                    source=donnees["source"],
                    manquement_rdv=donnees.get("absence"),
                )
                # The référent's organisation runs the control: it opens it at once (the review comes next).
                nouvelle = None
                if acces.est_equipe(request.user, personne.organisme_referent_id, personne):
                    nouvelle = actions.ouvrir_procedure(manquement, acting_user=request.user, public=donnees["public"])
        except ValidationError as e:
            reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
        else:
            if nouvelle is not None:
                messages.success(request, "Manquement signalé : la procédure est ouverte, examinez la situation.")
                return redirect("backoffice:sanction", pk=nouvelle.pk)
            messages.success(request, "Manquement signalé à l'équipe de contrôle.")
            return redirect(reverse("backoffice:fiche_personne", kwargs={"pk": personne.pk}))
    return render(
        request,
        "sanctions/backoffice/signaler.html",
        {"personne": personne, "form": form},
    )
