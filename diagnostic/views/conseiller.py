"""Back-office: the diagnostic of one person, its sections' edit pages, history and differences.

Reads go through the file's gate (``acces_personne``), which logs the part read;
each sensitive section actually shown is logged as its own part. What a reader
sees and writes is ``diagnostic.confidentialite``'s table, read by the rules of ``diagnostic.acces``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from diagnostic import acces, actions, confidentialite, presentation, queries
from diagnostic.enums import PARTIES_SENSIBLES, Section
from diagnostic.forms import FORMULAIRES, PieceForm, ProjetForm, ReorientationForm
from francetravail.audit.enums import PartieDossier
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.documents.forms import signaler_refus
from francetravail.documents.televersement import televersement_document
from francetravail.personnes.acces import acces_personne, journaliser_lecture, organisation_donnant_acces
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS

HISTORIQUE_PAR_PAGE = 50


def _charger_si(user, condition):
    """A loader for ``acces_personne`` that finds the person only when ``condition(qualites)``
    holds: a refusal is then the gate's 404, and nothing is logged for it."""

    def charger(pk):
        personne = Personne.objects.select_related("organisme_referent").filter(pk=pk).first()
        if personne is None or not condition(confidentialite.qualites(user, personne)):
            return None
        return personne

    return charger


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def diagnostic(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.DIAGNOSTIC)
    qualites = confidentialite.qualites(request.user, personne)
    referent = acces.est_referent(qualites)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not referent:
        raise Http404  # only the référent posts here (the parcours)
    reorientation = ReorientationForm(request.POST if action == "reorienter" else None, prefix="reorienter")
    if action == "confirmer":
        try:
            actions.confirmer_parcours(personne, acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Le parcours est confirmé par le diagnostic.")
        return redirect("backoffice:diagnostic", pk=personne.pk)
    if action == "reorienter" and reorientation.is_valid():
        try:
            actions.demander_reorientation(
                personne, acting_user=request.user, motif=reorientation.cleaned_data["motif"]
            )
        except ValidationError as exc:
            reporter(reorientation, exc)
        else:
            messages.success(
                request, "La demande de réorientation est transmise : l'orienteur étudiera une nouvelle proposition."
            )
            return redirect("backoffice:diagnostic", pk=personne.pk)

    diag = queries.diagnostic_de(personne)
    sections = acces.sections_lisibles(qualites)
    etats = queries.etat(personne, diag, sections)
    confidentialite.journaliser_sensibles(request.user, personne, etats)
    redigeables = set(acces.sections_redigeables(qualites))
    orientation = en_attente = None
    if referent:
        orientation, en_attente = actions.derniere_orientation(personne)
    return render(
        request,
        "diagnostic/backoffice/diagnostic.html",
        {
            "personne": personne,
            "diagnostic": diag,
            "blocs": presentation.blocs(etats, redigeables),
            "referent": referent,
            "orientation": orientation,
            "en_attente": en_attente,
            "reorientation": reorientation,
            "sensibles_masquees": len(PARTIES_SENSIBLES) - sum(1 for s in sections if s in PARTIES_SENSIBLES),
            "pieces": queries.pieces(diag, sections),
            "peut_joindre": bool(redigeables),
        },
    )


# The file is refused while it arrives past DOCUMENTS_TAILLE_MAX (a body announced far over it: before
# one byte is read).
@televersement_document
@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def joindre_piece(request, pk):
    """A co-writer adds a supporting document to one of the sections they write."""
    personne = acces_personne(
        request, pk, partie=PartieDossier.DIAGNOSTIC, charger=_charger_si(request.user, acces.peut_rediger)
    )
    sections = acces.sections_redigeables(confidentialite.qualites(request.user, personne))
    form = signaler_refus(
        PieceForm(
            request.POST or None,
            request.FILES or None,
            sections=sections,
            initial={"section": request.GET.get("section", "")},
        ),
        request,
    )
    if request.method == "POST" and form.is_valid():
        try:
            piece = actions.joindre_piece(
                personne,
                form.cleaned_data["section"],
                acting_user=request.user,
                fichier=form.cleaned_data["fichier"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            messages.success(request, f"La pièce « {piece.document.nom} » est jointe au diagnostic.")
            return redirect(f"{_url_diagnostic(personne)}#pieces")
    return render(request, "diagnostic/backoffice/piece.html", {"personne": personne, "form": form})


@require_http_methods(["GET", "POST"])
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_ACCOMPAGNEMENT)
def section(request, pk, section):
    if section not in Section.values:
        raise Http404
    section = Section(section)
    personne = acces_personne(
        request,
        pk,
        partie=PartieDossier.DIAGNOSTIC,
        charger=_charger_si(request.user, lambda q: section in acces.sections_redigeables(q)),
    )
    diag = queries.diagnostic_de(personne)
    etat = queries.etat(personne, diag, [section])[0]
    confidentialite.journaliser_sensibles(request.user, personne, [etat])
    Formulaire = FORMULAIRES[section]
    extra = {}
    if Formulaire is ProjetForm:
        extra["metiers_connus"] = etat.contenu.get("metiers") or []
        if request.method == "POST" and "rechercher" in request.POST:
            extra["recherche"] = request.POST.get("recherche_metier", "")
    conflit = None
    if request.method == "POST":
        form = Formulaire(request.POST, **extra)
        if "rechercher" not in request.POST and form.is_valid():
            try:
                version = actions.enregistrer_section(
                    personne,
                    section,
                    acting_user=request.user,
                    contenu=form.contenu(),
                    version_lue=form.cleaned_data["version_lue"],
                )
            except actions.ConflitDeVersion as exc:
                conflit = _conflit(personne, diag, section, form, exc.actuelle, extra)
                form = conflit["form"]
            except ValidationError as exc:
                reporter(form, exc)
            else:
                messages.success(request, f"« {section.label} » est enregistrée (version {version.numero}).")
                return redirect(f"{_url_diagnostic(personne)}#section-{section.value}")
    else:
        form = Formulaire(initial=Formulaire.initial_depuis(etat.contenu, etat.numero), **extra)
    return render(
        request,
        "diagnostic/backoffice/section.html",
        {
            "personne": personne,
            "section": section,
            "etat": etat,
            "form": form,
            "conflit": conflit,
            "repris": etat.repris if etat.version is None else set(),
            "sensible": section in PARTIES_SENSIBLES,
        },
    )


def _url_diagnostic(personne):
    return reverse("backoffice:diagnostic", kwargs={"pk": personne.pk})


def _conflit(personne, diag, section, form, actuelle, extra):
    """Someone saved in between: show what they changed since the version this form was
    read at, and keep everything typed, now based on their version (saving again is
    then a deliberate choice, made knowing their changes)."""
    lue = form.cleaned_data["version_lue"]
    diag = diag or queries.diagnostic_de(personne)
    base = queries.versions_a_comparer(diag, section, lue, lue).get(lue)
    contenu_lu = base.contenu if base else queries.prerempli(personne).get(section, {})
    donnees = form.data.copy()
    donnees[form.add_prefix("version_lue")] = actuelle.numero
    nouveau = type(form)(donnees, **extra)
    nouveau.is_valid()
    return {
        "form": nouveau,
        "actuelle": actuelle,
        "changements": presentation.differences(section, contenu_lu, actuelle.contenu),
    }


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def historique(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.DIAGNOSTIC_HISTORIQUE)
    qualites = confidentialite.qualites(request.user, personne)
    diag = queries.diagnostic_de(personne)
    versions = queries.historique(diag, acces.sections_lisibles(qualites))
    page = Paginator(versions, HISTORIQUE_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "diagnostic/backoffice/historique.html", {"personne": personne, "diagnostic": diag, "page": page}
    )


def _entier(valeur):
    try:
        return int(valeur)
    except (TypeError, ValueError):
        return None


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def difference(request, pk, section):
    if section not in Section.values:
        raise Http404
    section = Section(section)
    personne = acces_personne(
        request,
        pk,
        partie=PartieDossier.DIAGNOSTIC_HISTORIQUE,
        charger=_charger_si(request.user, lambda q: section in acces.sections_lisibles(q)),
    )
    diag = queries.diagnostic_de(personne)
    numeros = list(
        diag.versions.filter(section=section).order_by("numero").values_list("numero", flat=True) if diag else []
    )
    de = a = None
    if numeros:
        a = _entier(request.GET["a"]) if "a" in request.GET else numeros[-1]
        de = _entier(request.GET["de"]) if "de" in request.GET else (a - 1 if a is not None else None)
        if a not in numeros or de is None or not (de == 0 or de in numeros) or de >= a:
            raise Http404
    versions = queries.versions_a_comparer(diag, section, de, a) if numeros else {}
    avant, apres = versions.get(de), versions.get(a)
    if apres is not None and section in PARTIES_SENSIBLES:
        journaliser_lecture(
            request.user,
            personne,
            partie=PARTIES_SENSIBLES[section],
            organisation_id=organisation_donnant_acces(request.user, personne) or None,
        )
    return render(
        request,
        "diagnostic/backoffice/difference.html",
        {
            "personne": personne,
            "section": section,
            "numeros": numeros,
            "de": de,
            "a": a,
            "avant": avant,
            "apres": apres,
            "differences": presentation.differences(section, avant.contenu if avant else {}, apres.contenu)
            if apres
            else [],
        },
    )
