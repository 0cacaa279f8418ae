"""Back-office views on people's files: portfolio, person page, national search."""

from django.core.paginator import Paginator
from django.shortcuts import render

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes import portefeuille, synthese
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.forms import FiltrePortefeuilleForm, RechercheNationaleForm
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
            # The roles of sanctions.queries.ROLES_FILE (the core cannot import the domain app).
            "voit_sanctions": bool(
                ctx.roles & (ROLES_DOSSIERS - {Role.MEDIATEUR, Role.RESPONSABLE_EQUIPE} | {Role.DELEGUE_SANCTIONS})
            ),
            # sanctions.queries.ROLES_RECOURS: the regional mediator and the département's decider instruct appeals.
            "instruit_recours": bool(ctx.roles & {Role.MEDIATEUR, Role.DECIDEUR_DEPARTEMENTAL}),
            "nb_portefeuille": request.user.portefeuille.count(),
        },
    )


def _badge_demandes(nombre):
    if not nombre:
        return ""
    return f"{nombre} demande{'s' if nombre > 1 else ''} de rattachement à confirmer"


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def liste_personnes(request):
    form = FiltrePortefeuilleForm(request.GET or None)
    qs = personnes_visibles(request.user).select_related("organisme_referent", "referent_unique", "commune")
    if request.GET.get("portefeuille") == "1":
        qs = qs.filter(referent_unique=request.user)
    qs = portefeuille.annoter(qs)
    if form.is_valid():
        qs = filtrer_nom(qs, form.cleaned_data["q"])
        if form.cleaned_data["en_retard"]:
            qs = qs.filter(portefeuille.en_retard_q())
    page = Paginator(qs.order_by("nom_naissance", "prenoms", "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/personnes/liste.html",
        {
            "form": form,
            "page": page,
            "colonnes": portefeuille.colonnes(),
            "lignes": portefeuille.lignes(page.object_list),
        },
    )


# The person page shows the latest events (queries.DERNIERS_EVENEMENTS); the rest is on the timeline page.
EVENEMENTS_PAR_PAGE = 20


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
            "evenements": [libelle_evenement(ligne) for ligne in evenements],
        },
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
