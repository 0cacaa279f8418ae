"""Back-office views on people's files: portfolio, person page, national search."""

from django.core.paginator import Paginator
from django.shortcuts import render

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import PartieDossier, TypeEvenement
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes import portefeuille
from francetravail.personnes.acces import acces_personne, personnes_visibles
from francetravail.personnes.forms import FiltrePortefeuilleForm, RechercheNationaleForm
from francetravail.personnes.queries import charger_fiche, filtrer_nom, recherche_nationale
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


@acces_reserve(TypeCompte.PROFESSIONNEL, roles=ROLES_DOSSIERS)
def fiche_personne(request, pk):
    personne = acces_personne(request, pk, partie=PartieDossier.SYNTHESE, charger=charger_fiche)
    return render(request, "backoffice/personnes/fiche.html", {"personne": personne})


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
