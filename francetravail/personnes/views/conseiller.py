"""Back-office views on people's files: portfolio, person page, national search."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from francetravail.accompagnement.actions import choisir_colonnes
from francetravail.accompagnement.queries import colonnes_du_compte
from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.base import csv_sur
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes import a_faire, portefeuille, synthese
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.forms import ColonnesForm, FiltrePortefeuilleForm, RechercheNationaleForm
from francetravail.personnes.queries import (
    DERNIERS_EVENEMENTS,
    GENRES_EVENEMENTS,
    charger_fiche,
    chronologie,
    derniers_evenements,
    entourage,
    filtrer_nom,
    libelle_evenement,
    prochain_rdv,
    recherche_nationale,
)
from francetravail.rendezvous.acces import organisations_agendas
from francetravail.rendezvous.enums import Motif
from francetravail.reseau.enums import ROLES_DOSSIERS, ROLES_RECHERCHE_NATIONALE, Role
from francetravail.reseau.queries import demandes_par_organisation
from francetravail.reseau.roles import contexte_professionnel


@acces_reserve(TypeCompte.PROFESSIONNEL)
def accueil(request):
    ctx = contexte_professionnel(request.user)
    memberships = list(request.user.memberships.actives().select_related("organisation").order_by("organisation__nom"))
    organisations_admin = ctx.organisations_avec({Role.ADMIN_ORGANISATION})
    demandes = demandes_par_organisation(organisations_admin)
    administrees = {m.organisation_id: m.organisation for m in memberships if m.organisation_id in organisations_admin}
    return render(
        request,
        "backoffice/accueil.html",
        {
            "memberships": memberships,
            "voit_dossiers": bool(ctx.roles & ROLES_DOSSIERS),
            "peut_inscrire": bool(ctx.organisations_accompagnement),
            "peut_rechercher": bool(ctx.roles & ROLES_RECHERCHE_NATIONALE),
            "organisations_admin": organisations_admin,
            # Each administered organisation with the attachments of its professionals it is asked to confirm.
            "administrees": [
                (org, _badge_demandes(demandes.get(pk, 0)))
                for pk, org in sorted(administrees.items(), key=lambda i: i[1].nom)
            ],
            "pilote": Role.PILOTE in ctx.roles,
            # The data protection officer reads the purge register (francetravail/donnees/views/registre.py).
            "voit_registre_purges": Role.PROTECTION_DONNEES in ctx.roles,
            # The roles of sanctions.queries.ROLES_FILE (the core cannot import the domain app).
            "voit_sanctions": bool(
                ctx.roles & (ROLES_DOSSIERS - {Role.MEDIATEUR, Role.RESPONSABLE_EQUIPE} | {Role.DELEGUE_SANCTIONS})
            ),
            # sanctions.queries.ROLES_RECOURS: the regional mediator and the département's decider instruct appeals.
            "instruit_recours": bool(ctx.roles & {Role.MEDIATEUR, Role.DECIDEUR_DEPARTEMENTAL}),
            # An archived file stays linked to its last référent but is no longer theirs to work (personnes/acces.py).
            "nb_portefeuille": request.user.portefeuille.filter(archivee_le__isnull=True).count(),
            # « À faire »: each queue the user's roles open, with its count (francetravail.personnes.a_faire).
            "a_faire": a_faire.lignes(request.user),
        },
    )


def _badge_demandes(nombre):
    if not nombre:
        return ""
    return f"{nombre} demande{'s' if nombre > 1 else ''} de rattachement à confirmer"


def _file_a_faire(request):
    """The queue of the dashboard's « À faire » asked (?a_faire=<clé>), or None; a 404 for a queue the
    user's roles do not open (or none of that name)."""
    cle = request.GET.get("a_faire")
    if not cle:
        return None
    file_a_faire = a_faire.file_des_personnes(request.user, cle)
    if file_a_faire is None:
        raise Http404
    return file_a_faire


def liste_filtree(request):
    """The list as asked by the query string: (form, annotated, filtered and sorted queryset). Also what
    « Inviter les N personnes de cette liste » invites (``invitations.views.conseiller``)."""
    form = FiltrePortefeuilleForm(request.GET or None)
    qs = personnes_visibles(request.user).select_related("organisme_referent", "referent_unique", "commune")
    if request.GET.get("portefeuille") == "1":
        qs = qs.filter(referent_unique=request.user)
    qs = portefeuille.annoter(qs)
    file_a_faire = _file_a_faire(request)
    if file_a_faire is not None:
        qs = a_faire.filtrer(qs, file_a_faire)
    if form.is_valid():
        return form, form.filtrer(filtrer_nom(qs, form.cleaned_data["q"]))
    return form, qs.order_by(*portefeuille.PAR_NOM)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def liste_personnes(request):
    form, qs = liste_filtree(request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    choisies = colonnes_du_compte(request.user)
    colonnes = portefeuille.colonnes_choisies(choisies)
    return render(
        request,
        "backoffice/personnes/liste.html",
        {
            "form": form,
            "page": page,
            "colonnes": colonnes,
            "lignes": portefeuille.lignes(page.object_list, colonnes),
            "form_colonnes": ColonnesForm(initial={"colonnes": [c.cle for c in colonnes]}),
            "requete": request.GET.urlencode(),
            "requete_sans_page": _sans_page(request),
            "file_a_faire": _file_a_faire(request),
            # « Inviter les N personnes de cette liste » (francetravail.invitations): whoever works agendas.
            "peut_inviter": bool(organisations_agendas(request.user)),
        },
    )


# The person page shows the latest events (queries.DERNIERS_EVENEMENTS); the rest is on the timeline page.
EVENEMENTS_PAR_PAGE = 20


def _sans_page(request):
    requete = request.GET.copy()
    requete.pop("page", None)
    return requete.urlencode()


@require_POST
@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def colonnes_portefeuille(request):
    # The action keeps only the columns that exist: nothing else of the request is stored.
    choisir_colonnes(request.user, request.POST.getlist("colonnes"))
    # Back to the same list: only its query string is kept (never a URL from the form).
    requete = request.POST.get("requete", "")
    return redirect(reverse("backoffice:personnes") + (f"?{requete}" if requete else ""))


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def exporter_personnes(request):
    """The filtered list as CSV, every page, with the columns the user sees: names, never codes nor the NIR.

    The same gate as the list (``personnes_visibles``); the export itself is an audit event naming the
    people exported and the criteria."""
    form, qs = liste_filtree(request)
    colonnes = portefeuille.colonnes_choisies(colonnes_du_compte(request.user))
    personnes = list(qs)
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    nom = "mon-portefeuille" if request.GET.get("portefeuille") == "1" else "personnes-suivies"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}-{timezone.localdate():%Y-%m-%d}.csv"'
    reponse.write("\ufeff")  # a spreadsheet opens UTF-8 with its accents
    ecrivain = csv_sur.writer(reponse, delimiter=";")
    ecrivain.writerow(["Personne", *(c.titre for c in colonnes)])
    for personne, cellules in portefeuille.lignes(personnes, colonnes):
        ecrivain.writerow(
            [
                personne.nom_complet,
                *(f"{texte} (en retard)" if retard else texte for texte, retard in cellules),
            ]
        )
    enregistrer_evenement(
        TypeEvenement.PORTEFEUILLE_EXPORTE,
        acting_user=request.user,
        criteres={k: v for k, v in request.GET.items() if v and k != "page"},
        nb_personnes=len(personnes),
        personnes=[p.pk for p in personnes],
    )
    return reponse


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def fiche_personne(request, pk):
    # One query for the person, every block's facts and the latest events (queries.fiche,
    # synthese.annoter): the same count whatever the file holds (tests/personnes/test_fiche_synthese.py).
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE, charger=charger_fiche)
    caches = synthese.genres_caches(request.user, personne)
    evenements = derniers_evenements(personne, caches)
    if evenements is None:
        evenements = chronologie(personne.pk, caches=caches)[:DERNIERS_EVENEMENTS]
    rdv = prochain_rdv(personne)
    if rdv is not None:
        rdv["motif"] = _MOTIFS_RDV.get(rdv["motif"], "")
    return render(
        request,
        "backoffice/personnes/fiche.html",
        {
            "personne": personne,
            "synthese": synthese.synthese(personne, request.user),
            "entourage": entourage(personne),
            "prochain_rdv": rdv,
            "evenements": _evenements_html([libelle_evenement(ligne) for ligne in evenements]),
        },
    )


def _evenements_html(evenements):
    """The latest events as list items, written here rather than by a template loop: the person page is
    the most read one, and its loops and date filters were a third of its time (``make bench``)."""
    return format_html_join(
        "\n",
        '<li><span class="fr-text--sm">{}</span> {}{}{}</li>',
        (
            (
                timezone.localtime(e["at"]).strftime("%d/%m/%Y %H:%M"),
                e["libelle"],
                format_html(" — {}", e["auteur"]) if e["auteur"] else "",
                format_html(" ({})", e["organisation"]) if e["organisation"] else "",
            )
            for e in evenements
        ),
    )


_MOTIFS_RDV = dict(Motif.choices)


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def historique_personne(request, pk):
    """The file's timeline: the events the apps recorded about the person, filterable by kind."""
    personne = acces_personne(request, pk, partie=PartieDossier.HISTORIQUE)
    caches = synthese.genres_caches(request.user, personne)
    genres = [(code, libelle) for code, libelle in GENRES_EVENEMENTS if code not in caches]
    genre = request.GET.get("genre", "")
    if genre not in dict(genres):
        genre = ""
    evenements = chronologie(personne.pk, genre=genre, caches=caches)
    page = Paginator(evenements, EVENEMENTS_PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/personnes/historique.html",
        {
            "personne": personne,
            "genres": genres,
            "genre": genre,
            "page": page,
            "evenements": [libelle_evenement(ligne) for ligne in page.object_list],
        },
    )


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_RECHERCHE_NATIONALE)
def recherche(request):
    form = RechercheNationaleForm(request.GET or None)
    resultats = None
    if form.is_valid():
        resultats = recherche_nationale(**form.cleaned_data)
        visibles = set(
            personnes_visibles(request.user).filter(pk__in=[r["pk"] for r in resultats]).values_list("pk", flat=True)
        )
        for r in resultats:
            r["visible"] = r["pk"] in visibles
        enregistrer_evenement(
            TypeEvenement.RECHERCHE_NATIONALE,
            acting_user=request.user,
            criteres={k: str(v) for k, v in form.cleaned_data.items() if v},
            nb_resultats=len(resultats),
        )
    return render(request, "backoffice/personnes/recherche.html", {"form": form, "resultats": resultats})
