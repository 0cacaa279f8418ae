"""The registration step page, shared by the person (online) and the conseiller (desk)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from francetravail.base.formulaires import reporter
from francetravail.personnes.actions import CoordonneesNonModifiables
from inscription import etapes
from inscription.acces import InscriptionRefusee
from inscription.actions import enregistrer_etape, terminer_inscription
from inscription.models import FreinIdentifie


def page_etape(request, *, personne, dossier, slug, url_etape, url_fin, gabarit_extra=None):
    """GET shows the step pre-filled with what is known; POST saves it and goes on."""
    etape = etapes.PAR_SLUG[slug]
    if etape.formulaire is None:
        return _recapitulatif(request, personne, dossier, url_etape, url_fin, gabarit_extra)
    kwargs = {"nir_connu": bool(dossier.nir)} if slug == "identite" else {}
    if slug == "accompagnement" and (gabarit_extra or {}).get("guichet"):
        kwargs["guichet"] = True  # only a conseiller flags an emergency
    initial = etape.formulaire.initial_depuis(personne, dossier)
    form = etape.formulaire(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            enregistrer_etape(personne, dossier, slug, form.cleaned_data, acting_user=request.user)
        except InscriptionRefusee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, str(exc))
        except CoordonneesNonModifiables:
            # Reading the file (e.g. through a département-wide role) is not accompanying the person.
            raise Http404 from None
        except ValidationError as exc:
            # A refusal of the contact details (a commune of another département: the move is a transfer).
            reporter(form, exc)
        else:
            suivante = etapes.suivante(slug)
            messages.success(request, f"Étape « {etape.titre} » enregistrée.")
            return redirect(url_etape(suivante.slug))
    return render(
        request,
        "inscription/commun/etape.html",
        {**(gabarit_extra or {}), **contexte_etape(slug, url_etape), "form": form, "personne": personne},
    )


def contexte_etape(slug, url_etape):
    etape = etapes.PAR_SLUG[slug]
    suivante, precedente = etapes.suivante(slug), etapes.precedente(slug)
    return {
        "etape": etape,
        "numero": etapes.rang(slug) + 1,
        "total": len(etapes.ETAPES),
        "suivante": suivante,
        "url_precedente": url_etape(precedente.slug) if precedente else None,
    }


def _recapitulatif(request, personne, dossier, url_etape, url_fin, gabarit_extra):
    if request.method == "POST":
        try:
            terminer_inscription(dossier, acting_user=request.user)
        except InscriptionRefusee as exc:
            messages.error(request, str(exc))
            return redirect(url_etape(etapes.prochaine_a_remplir(dossier).slug))
        messages.success(request, "Inscription confirmée.")
        return redirect(url_fin)
    sections = [(e, url_etape(e.slug)) for e in etapes.ETAPES[:-1]]
    return render(
        request,
        "inscription/commun/recapitulatif.html",
        {
            **(gabarit_extra or {}),
            **contexte_etape("recapitulatif", url_etape),
            "personne": personne,
            "dossier": dossier,
            "freins": FreinIdentifie.objects.filter(dossier=dossier).exclude(intensite="sans_impact"),
            "sections": sections,
        },
    )
