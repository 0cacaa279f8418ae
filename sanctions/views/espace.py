"""The person's own procedures in their space (/mon-espace/sanctions/).

The person reads where their procedure stands in plain French, its log without the
professionals' internal notes, the letters, the deadlines; they answer the prior notice
(written observations or a request to be heard) within the delay and appeal a decision.
Another person's procedure is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.forms import signaler_refus
from francetravail.documents.selecteurs import documents_de, documents_par_objet
from francetravail.documents.televersement import televersement_document
from francetravail.personnes.models import Personne
from sanctions import acces, actions, delais, fin_droit, forms, queries
from sanctions.enums import StatutProcedure, StatutRecours
from sanctions.models import HistoriqueProcedure
from sanctions.views import documents
from sanctions.views.etapes import voie_libelle
from sanctions.views.montants import montants

S = StatutProcedure

# What each state means for the person, in their words.
EXPLICATIONS = {
    S.OUVERTE: "Un manquement à vos engagements a été signalé. Votre situation va être examinée.",
    S.EXAMEN: "Votre situation est examinée dans son ensemble, avec l'accompagnement qui vous a été proposé.",
    S.CLASSEE: "La procédure est classée sans suite : aucune sanction ne sera prise.",
    S.AVERTISSEMENT_NOTIFIE: (
        "Un avertissement préalable vous a été adressé. Avant toute décision, vous pouvez envoyer vos "
        "observations écrites ou demander à être entendu(e), avec la personne de votre choix."
    ),
    S.OBSERVATIONS_RECUES: "Vos observations ont été reçues. Elles seront lues avant toute décision.",
    S.AUDITION_DEMANDEE: (
        "Vous avez demandé à être entendu(e). L'équipe vous convoque ; aucune décision n'est prise avant votre "
        "audition."
    ),
    S.AUDITION_TENUE: "Vous avez été entendu(e). Ce que vous avez dit sera pris en compte avant toute décision.",
    S.AUDITION_MANQUEE: (
        "Vous ne vous êtes pas présenté(e) à l'audition que vous aviez demandée. Si vous aviez un empêchement, "
        "contactez l'équipe au plus vite."
    ),
    S.DELAI_EXPIRE: "Le délai pour présenter vos observations est passé. Une décision va être prise.",
    S.A_DECIDER: "Une décision va être prise sur votre situation.",
    S.DECISION_NOTIFIEE: "Une décision a été prise. Vous pouvez la contester : voir les voies de recours.",
    S.SANCTION_EN_COURS: (
        "La sanction est en cours. Votre accompagnement continue : si vous respectez de nouveau vos engagements, "
        "parlez-en à votre référent, la sanction peut être levée plus tôt."
    ),
    S.LEVEE: "La sanction a été levée car vous avez repris vos démarches.",
    S.ECHUE: "La sanction est terminée.",
    S.ANNULEE: "La décision a été annulée à la suite de votre recours.",
}


def _ma_personne(request):
    return Personne.objects.filter(user=request.user).first()


def ma_procedure(request, pk):
    """The user's own procedure ``pk``, or a 404."""
    personne = _ma_personne(request)
    procedure = (
        queries.procedures_de_la_personne(personne).select_related("personne__departement").filter(pk=pk).first()
        if personne is not None
        else None
    )
    if procedure is None:
        raise Http404
    return procedure


@acces_reserve(TypeCompte.PERSONNE)
def liste(request):
    personne = _ma_personne(request)
    procedures = list(queries.procedures_de_la_personne(personne)) if personne is not None else []
    return render(
        request,
        "sanctions/espace/liste.html",
        {"procedures": procedures, "explications": EXPLICATIONS, "aujourdhui": timezone.localdate()},
    )


def _reponse_form(procedure, data=None, fichiers=None):
    return forms.ReponseForm(data, fichiers, peut_demander_audition=acces.peut_demander_audition(procedure))


def _page(request, procedure, *, reponse=None, recours_form=None):
    aujourdhui = timezone.localdate()
    recours = queries.recours(procedure)
    pieces = documents_par_objet(recours)
    for r in recours:
        r.pieces = pieces.get(r.pk, [])
    peut_repondre = acces.peut_repondre(procedure, aujourdhui)
    peut_former_recours = acces.peut_former_recours(procedure, recours)
    # The log as the person reads it: never the internal note.
    historique = list(
        HistoriqueProcedure.objects.filter(procedure=procedure).values(
            "at", "statut_avant", "statut_apres", "motif", "document"
        )
    )
    libelles = dict(S.choices)
    libelles_recours = dict(StatutRecours.choices)
    for ligne in historique:
        statut = ligne["statut_apres"]
        if statut.startswith("recours:"):
            ligne["libelle"] = f"Recours — {libelles_recours.get(statut.removeprefix('recours:'), '')}"
        else:
            ligne["libelle"] = libelles.get(statut, "")
    echeance_recours = None
    if procedure.decidee_le:
        echeance_recours = actions.echeance_recours_de(procedure)
    return render(
        request,
        "sanctions/espace/procedure.html",
        {
            "procedure": procedure,
            "manquement": procedure.manquement,
            "explication": EXPLICATIONS.get(procedure.statut, ""),
            "historique": historique,
            "recours": recours,
            "documents": documents.documents(procedure, pour_la_personne=True),
            "justificatifs": documents_de(procedure),
            "reponse": reponse if reponse is not None else (_reponse_form(procedure) if peut_repondre else None),
            "peut_demander_audition": peut_repondre and acces.peut_demander_audition(procedure),
            "delai_en_cours": procedure.echeance_observations is not None
            and not delais.delai_observations_termine(procedure.echeance_observations, aujourdhui),
            "recours_form": recours_form
            if recours_form is not None
            else (forms.RecoursPersonneForm() if peut_former_recours else None),
            "echeance_recours": echeance_recours,
            "voie_recours": voie_libelle(procedure),
            "montants": montants(procedure),
            "aujourdhui": aujourdhui,
        },
    )


# The answer and the appeal may carry a document: the body is refused before it is read when it is
# announced far over DOCUMENTS_TAILLE_MAX, the file dropped while it arrives past it otherwise.
@televersement_document
@acces_reserve(TypeCompte.PERSONNE)
def procedure(request, pk):
    objet = ma_procedure(request, pk)
    if request.method != "POST":
        return _page(request, objet)
    aujourdhui = timezone.localdate()
    if "repondre" in request.POST:
        if not acces.peut_repondre(objet, aujourdhui):
            messages.error(request, "Le délai pour présenter vos observations est terminé.")
            return redirect("sanctions:procedure", pk=objet.pk)
        form = signaler_refus(_reponse_form(objet, request.POST, request.FILES), request)
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                if form.demande_audition():
                    actions.demander_audition(
                        objet,
                        acting_user=request.user,
                        accompagnant=donnees["accompagnant"],
                        observations=donnees["observations"],
                        justificatif=donnees.get("justificatif"),
                    )
                else:
                    actions.enregistrer_observations(
                        objet,
                        acting_user=request.user,
                        observations=donnees["observations"],
                        justificatif=donnees.get("justificatif"),
                    )
            except ValidationError as e:
                reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
            else:
                messages.success(
                    request,
                    "Votre demande d'audition a été enregistrée : l'équipe vous convoquera."
                    if form.demande_audition()
                    else "Votre réponse a été enregistrée. Elle sera lue avant toute décision.",
                )
                return redirect("sanctions:procedure", pk=objet.pk)
        return _page(request, objet, reponse=form)
    if "recours" in request.POST:
        if not acces.peut_former_recours(objet, queries.recours(objet)):
            messages.error(request, "Aucun recours n'est possible pour cette procédure aujourd'hui.")
            return redirect("sanctions:procedure", pk=objet.pk)
        form = signaler_refus(forms.RecoursPersonneForm(request.POST, request.FILES), request)
        if form.is_valid():
            try:
                actions.former_recours(
                    objet,
                    acting_user=request.user,
                    motifs=form.cleaned_data["motifs"],
                    piece=form.cleaned_data.get("piece"),
                )
            except ValidationError as e:
                reporter(form, e, mots_par_champ=forms.mots_par_champ(form))
            else:
                messages.success(request, "Votre recours a été enregistré.")
                return redirect("sanctions:procedure", pk=objet.pk)
        return _page(request, objet, recours_form=form)
    return redirect("sanctions:procedure", pk=objet.pk)


@acces_reserve(TypeCompte.PERSONNE)
def courrier(request, pk, courrier_pk):
    """A letter of my procedure; opening one addressed to me records its receipt."""
    return documents.pdf(request, ma_procedure(request, pk), courrier_pk, pour_la_personne=True)


# --- The appeal against the end of the RSA right (RAPO) -------------------------------------
# From the procedure page (``templates/sanctions/espace/_fin_droit.html``).


@require_POST
@acces_reserve(TypeCompte.PERSONNE)
def recours_fin_droit(request, pk):
    procedure = ma_procedure(request, pk)
    fin = fin_droit.decision(procedure)
    if fin is None:
        raise Http404
    form = forms.RecoursForm(request.POST, prefix="recours_fin_droit")
    if not form.is_valid():
        messages.error(request, "Indiquez les motifs de votre recours.")
        return redirect("sanctions:procedure", pk=procedure.pk)
    try:
        fin_droit.former_recours(fin, acting_user=request.user, motifs=form.cleaned_data["motifs"])
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Votre recours contre la fin de votre droit au RSA a été enregistré.")
    return redirect("sanctions:procedure", pk=procedure.pk)
