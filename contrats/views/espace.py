"""The person's contract in their own space (/mon-espace/contrat/).

The person reads the version submitted to them and accepts it (with the hash of what they
read, so that a version submitted meanwhile is refused) or asks for changes; they read the
version in force and every previous version as frozen, follow their plan d'action, and
declare each week the hours spent on it. Someone else's contract or version is a 404.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from contrats import actions, document, points_etape, queries, revisions, suivi
from contrats.enums import AmenagementDuree, MotifDispense, PorteurAction, StatutAction, StatutContrat, TypeAction
from contrats.forms.espace import AcceptationForm, DeclarationForm, DemandeModificationForm, semaine_choisie
from contrats.models import VersionContrat
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.models import Personne
from orientation.enums import Parcours


def ma_personne(request):
    return Personne.objects.filter(user=request.user).first()


def mon_contrat(personne):
    """My latest contract with its plan and versions (``contrats.queries``: a fixed number of queries)."""
    if personne is None:
        return None
    contrat = queries.contrat_courant(personne)
    if contrat is not None:
        contrat.personne = personne
        contrat.plan = [a for a in contrat.actions.all() if a.statut != StatutAction.ABANDONNEE]
        contrat.liste_versions = list(contrat.versions.all())
    return contrat


def version_en_vigueur(contrat):
    """The version that binds the person now, or None (not signed yet)."""
    if contrat.version_en_vigueur_id:
        return contrat.version_en_vigueur
    if contrat.statut == StatutContrat.SIGNE:
        return contrat.version_acceptee
    return None


def _date(texte):
    return datetime.date.fromisoformat(texte) if texte else None


def _heures(texte):
    try:
        return Decimal(texte) if texte not in (None, "") else None
    except InvalidOperation:
        return None


def _libelle(choix, code):
    try:
        return choix(code).label
    except ValueError:
        return code or ""


def lire_version(version):
    """The frozen content of ``version`` in plain French: the three layers, the hours, the ORE."""
    contenu = version.contenu
    socle = contenu.get("socle") or {}
    duree = contenu.get("duree_hebdo") or {}
    plan = [
        {
            "type": _libelle(TypeAction, ligne.get("type")),
            "porteur_personne": ligne.get("porteur") == PorteurAction.PERSONNE,
            "description": ligne.get("description", ""),
            "debut": _date(ligne.get("debut")),
            "fin": _date(ligne.get("fin")),
            "heures_hebdo": _heures(ligne.get("heures_hebdo")),
            "statut": _libelle(StatutAction, ligne.get("statut")),
            "lien": ligne.get("lien", ""),
        }
        for ligne in contenu.get("plan") or []
    ]
    ore = contenu.get("ore")
    if ore:
        ore = {
            **ore,
            "fixee_le": _date(ore.get("fixee_le")),
            "salaire_attendu": _heures(ore.get("salaire_attendu")),
            # Names, not codes: the person reads the jobs and communes of their ORE by name.
            "metiers_nommes": queries.metiers_nommes(ore.get("metiers") or []),
            "communes_nommees": queries.communes_nommees(ore.get("communes") or []),
        }
    return {
        "version": version,
        "date": _date(contenu.get("date")),
        "parcours": _libelle(Parcours, contenu.get("parcours")),
        "organisme": contenu.get("organisme", ""),
        "referent": contenu.get("referent", ""),
        "mention_jeunes": contenu.get("mention_jeunes", False),
        "echeance_signature": _date(contenu.get("echeance_signature")),
        "droits_devoirs": socle.get("droits_devoirs", ""),
        "obligations_parcours": socle.get("obligations_parcours", ""),
        "voies_recours": socle.get("voies_recours", ""),
        "socle_version": socle.get("version"),
        "minimum_legal": _heures(duree.get("minimum_legal")),
        "total_plan": _heures(duree.get("total_plan")),
        "amenagement": duree.get("amenagement", AmenagementDuree.AUCUN),
        "amenagement_libelle": _libelle(AmenagementDuree, duree.get("amenagement")),
        "motif_minoration": duree.get("motif_minoration", ""),
        "motif_dispense": _libelle(MotifDispense, duree.get("motif_dispense")) if duree.get("motif_dispense") else "",
        "plan_personne": [ligne for ligne in plan if ligne["porteur_personne"]],
        "plan_organisme": [ligne for ligne in plan if not ligne["porteur_personne"]],
        "ore": ore,
    }


ETATS_CHANGEMENT = {"ajoutee": "Nouvelle action", "retiree": "Action retirée", "modifiee": "Action modifiée"}
NOMS_CHAMPS = {
    "type": "type",
    "porteur": "qui la mène",
    "description": "description",
    "debut": "début",
    "fin": "fin",
    "heures_hebdo": "heures par semaine",
    "statut": "état",
    "lien": "lien",
}


def _valeur_lisible(champ, valeur):
    if valeur in (None, ""):
        return "—"
    if champ == "type":
        return _libelle(TypeAction, valeur)
    if champ == "porteur":
        return _libelle(PorteurAction, valeur)
    if champ == "statut":
        return _libelle(StatutAction, valeur)
    if champ in ("debut", "fin"):
        return _date(valeur).strftime("%d/%m/%Y")
    if champ == "heures_hebdo":
        return f"{_heures(valeur).normalize():f} h".replace(".", ",")
    return str(valeur)


def changements(en_vigueur, proposee):
    """What the version proposed changes in the engagements of the version in force, in plain French."""
    lignes = []
    for ligne in revisions.diff_engagements(en_vigueur, proposee):
        if ligne["etat"] not in ETATS_CHANGEMENT:
            continue
        action = ligne["apres"] or ligne["avant"]
        lignes.append(
            {
                "etat": ligne["etat"],
                "libelle": ETATS_CHANGEMENT[ligne["etat"]],
                "action": f"{_libelle(TypeAction, action.get('type'))} : {action.get('description', '')}",
                "details": [
                    f"{NOMS_CHAMPS.get(champ, champ)} : {_valeur_lisible(champ, ligne['avant'].get(champ))} → "
                    f"{_valeur_lisible(champ, ligne['apres'].get(champ))}"
                    for champ in ligne["champs"]
                ],
            }
        )
    return lignes


def _contexte(personne, contrat, *, acceptation=None, modification=None):
    ctx = {"personne": personne, "contrat": contrat}
    if contrat is None:
        return ctx
    en_vigueur = version_en_vigueur(contrat)
    soumise = contrat.liste_versions[0] if contrat.statut == StatutContrat.SOUMIS and contrat.liste_versions else None
    if soumise is not None:
        # The list holds a few columns only: the submitted version is read whole (one query).
        soumise = VersionContrat.objects.get(pk=soumise.pk)
        ctx["soumise"] = lire_version(soumise)
        ctx["acceptation"] = acceptation or AcceptationForm(initial={"empreinte": soumise.empreinte})
        ctx["modification"] = modification or DemandeModificationForm()
    if en_vigueur is not None:
        ctx["en_vigueur"] = lire_version(en_vigueur)
        if soumise is not None:
            ctx["changements"] = changements(en_vigueur, soumise)
    plan_vivant = contrat.statut in (StatutContrat.ACCEPTE, StatutContrat.SIGNE)
    ctx["plan_personne"] = [a for a in contrat.plan if a.porteur == PorteurAction.PERSONNE] if plan_vivant else []
    ctx["plan_organisme"] = [a for a in contrat.plan if a.porteur == PorteurAction.ORGANISME] if plan_vivant else []
    ctx["plan_vivant"] = plan_vivant
    ctx["versions"] = contrat.liste_versions
    ctx["version_en_vigueur_pk"] = en_vigueur.pk if en_vigueur else None
    ctx["prochain_point_etape"] = points_etape.prochain_point_etape(contrat) if en_vigueur is not None else None
    ctx["en_attente_signature"] = contrat.statut == StatutContrat.ACCEPTE
    ctx["en_revision"] = en_vigueur is not None and contrat.statut != StatutContrat.SIGNE
    return ctx


@acces_reserve(TypeCompte.PERSONNE)
def contrat(request):
    personne = ma_personne(request)
    contrat = mon_contrat(personne)
    if request.method != "POST" or contrat is None:
        return render(request, "contrats/espace/contrat.html", _contexte(personne, contrat))
    action = request.POST.get("action")
    formulaire = {"accepter": AcceptationForm, "modifier": DemandeModificationForm}.get(action)
    if formulaire is None:
        return redirect("contrats:contrat")
    form = formulaire(request.POST)
    refus = None
    if form.is_valid():
        try:
            if action == "accepter":
                actions.accepter(contrat, acting_user=request.user, empreinte=form.cleaned_data["empreinte"])
                messages.success(
                    request, "Vous avez accepté votre contrat d’engagement. Votre référent va le contresigner."
                )
            else:
                actions.demander_modification(
                    contrat, acting_user=request.user, commentaire=form.cleaned_data["commentaire"]
                )
                messages.success(
                    request, "Votre demande est transmise à votre référent : il vous proposera une nouvelle version."
                )
        except ValidationError as exc:
            refus = exc
        else:
            return redirect("contrats:contrat")
    # Shown again with what is true now (another version may have been submitted meanwhile).
    contrat = mon_contrat(personne)
    ctx = _contexte(personne, contrat)
    if "soumise" not in ctx:
        # Nothing awaits the person's answer any more: say why on the page they land on.
        for message in refus.messages if refus else ["Ce contrat n’attend plus votre réponse."]:
            messages.error(request, message)
        return redirect("contrats:contrat")
    if action == "accepter" and refus is not None:
        # A fresh form carrying the hash of the version now on screen, the refusal above that
        # version: the person re-reads and accepts again knowingly.
        form = AcceptationForm(initial={"empreinte": ctx["soumise"]["version"].empreinte})
        ctx["refus_acceptation"] = refus.messages
    elif refus is not None:
        reporter(form, refus)
    ctx["acceptation" if action == "accepter" else "modification"] = form
    return render(request, "contrats/espace/contrat.html", ctx)


def _ma_version(request, pk):
    qs = VersionContrat.objects.select_related("contrat")
    return get_object_or_404(qs, pk=pk, contrat__personne__user=request.user)


@acces_reserve(TypeCompte.PERSONNE)
def version(request, pk):
    version = _ma_version(request, pk)
    contrat = version.contrat
    en_vigueur = version_en_vigueur(contrat)
    return render(
        request,
        "contrats/espace/version.html",
        {
            "contrat": contrat,
            "lue": lire_version(version),
            "est_en_vigueur": en_vigueur is not None and en_vigueur.pk == version.pk,
            "courant": f"Version n° {version.numero}",
        },
    )


@acces_reserve(TypeCompte.PERSONNE)
def version_pdf(request, pk):
    """The PDF of one of my versions, stored once per version (made on first request if missing)."""
    return document.reponse_pdf(_ma_version(request, pk), telechargement=True)


# --- Weekly activity ------------------------------------------------------------------------------

# Weeks the person may declare or correct: the current one and the previous ones, a quarter back.
SEMAINES_DECLARABLES = 12


def _debut_engagement(contrat):
    """The Monday of the week the person first accepted a version of this contract (before any revision)."""
    acceptations = [v.acceptee_le for v in contrat.liste_versions if v.acceptee_le]
    if not acceptations:
        return None
    jour = timezone.localdate(min(acceptations))
    return jour - datetime.timedelta(days=jour.weekday())


def _lignes_a_declarer(ligne_semaine, plan, semaine):
    """The actions of the week's form: those of the plan in force running that week, and any already declared."""
    dimanche = semaine + datetime.timedelta(days=6)
    actives = {a.pk for a, _heures, debut, fin in plan if debut <= dimanche and (fin is None or fin >= semaine)}
    return [
        ligne for ligne in ligne_semaine["lignes"] if ligne["action"].pk in actives or ligne["declare"] is not None
    ]


@acces_reserve(TypeCompte.PERSONNE)
def activite(request):
    personne = ma_personne(request)
    contrat = mon_contrat(personne)
    ctx = {"personne": personne, "contrat": contrat, "courant": "Mon activité de la semaine"}
    if contrat is None or version_en_vigueur(contrat) is None:
        return render(request, "contrats/espace/activite.html", ctx)
    tableau = suivi.tableau_hebdomadaire(contrat, semaines=SEMAINES_DECLARABLES)
    # Nothing to declare before the contract first bound the person (the week of its first acceptance).
    debut = _debut_engagement(contrat)
    tableau = [ligne for ligne in tableau if debut is None or ligne["semaine"] >= debut] or tableau[:1]
    par_semaine = {ligne["semaine"]: ligne for ligne in tableau}
    demandee = request.POST.get("semaine") if request.method == "POST" else request.GET.get("semaine")
    semaine, erreur_semaine = tableau[0]["semaine"], None
    if demandee:
        choisie, erreur_semaine = semaine_choisie(demandee, par_semaine)
        semaine = choisie or semaine
    ligne_semaine = par_semaine[semaine]
    lignes = _lignes_a_declarer(ligne_semaine, suivi.plan_en_vigueur(contrat), semaine)
    kwargs = {
        "actions": [ligne["action"] for ligne in lignes],
        "prevues": {ligne["action"].pk: ligne["prevu"] for ligne in lignes},
    }
    if request.method == "POST":
        form = DeclarationForm(request.POST, **kwargs)
        if erreur_semaine is None and form.is_valid():
            try:
                suivi.declarer_semaine(
                    contrat,
                    acting_user=request.user,
                    semaine=semaine,
                    heures=form.heures(),
                    commentaire=form.cleaned_data["commentaire"],
                )
            except ValidationError as exc:
                reporter(form, exc)
            else:
                messages.success(request, f"Votre activité de la semaine du {semaine:%d/%m/%Y} est enregistrée.")
                return redirect(f"{reverse('contrats:activite')}?semaine={semaine.isoformat()}")
    else:
        initial = {f"heures_{li['action'].pk}": li["declare"] for li in lignes if li["declare"] is not None}
        initial["commentaire"] = ligne_semaine["commentaire"]
        form = DeclarationForm(initial=initial, **kwargs)
    ctx.update(
        {
            "tableau": tableau,
            "semaine": semaine,
            "dimanche": semaine + datetime.timedelta(days=6),
            "ligne_semaine": ligne_semaine,
            "erreur_semaine": erreur_semaine,
            "form": form,
        }
    )
    return render(request, "contrats/espace/activite.html", ctx)
