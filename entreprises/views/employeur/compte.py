"""The compte pages of the employer's space (/entreprise/).

The employer's home, attaching to a company, the company page and its members; the network's
list of companies and company page (back-office).

Employers reach a company only as its active members (``entreprises.acces.entreprise_ou_404``):
a pending or refused request, another company's id and an unknown id are the same 404. Admins'
actions are refused with a 404 to other members. The network's side goes through
``acces.entreprises_visibles``. Every change calls one function of ``entreprises.comptes``;
a refusal is shown at the field, with the input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from entreprises import acces, comptes
from entreprises import siret as siret_
from entreprises.acces import entreprise_ou_404, pk_ou_404
from entreprises.enums import RoleEntreprise, StatutMembre
from entreprises.forms.compte import (
    EntrepriseForm,
    MessageConseillerForm,
    SiretForm,
)
from entreprises.models import Candidature, Entreprise, MembreEntreprise, Offre
from entreprises.views.commun.compte import compte_lie
from francetravail.base.formulaires import reporter
from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte


@acces_reserve(TypeCompte.EMPLOYEUR)
def espace(request):
    rattachements = list(
        MembreEntreprise.objects.filter(user=request.user)
        .select_related("entreprise__commune")
        .annotate(
            demandes=compte_lie(
                MembreEntreprise.objects.filter(statut=StatutMembre.EN_ATTENTE), "entreprise", ref="entreprise_id"
            )
        )
        .order_by("entreprise__nom", "pk")
    )
    return render(
        request,
        "entreprises/employeur/espace.html",
        {
            "actifs": [m for m in rattachements if m.statut == StatutMembre.ACTIF],
            "en_attente": [m for m in rattachements if m.statut == StatutMembre.EN_ATTENTE],
            "refuses": [m for m in rattachements if m.statut == StatutMembre.REFUSE],
        },
    )


@acces_reserve(TypeCompte.EMPLOYEUR)
def rattachement(request):
    """Step 1: the SIRET. Then either the company's details (nobody has claimed the SIRET: the employer
    creates it) or a confirmation (the company has a space: the employer asks to join it)."""
    etape = request.POST.get("etape") if request.method == "POST" else None
    if etape == "creation":
        return _creation(request)
    if etape == "demande":
        return _demande(request)
    form = SiretForm(request.POST if etape == "siret" else None)
    if etape == "siret" and form.is_valid():
        siret = form.cleaned_data["siret"]
        entreprise = Entreprise.objects.filter(siret=siret).first()
        if entreprise is None:
            creation = EntrepriseForm(initial={"siret": siret})
            return _page_creation(request, creation, siret)
        deja = MembreEntreprise.objects.filter(entreprise=entreprise, user=request.user).first()
        if deja is not None and deja.statut == StatutMembre.ACTIF:
            messages.info(request, comptes.DEJA_MEMBRE)
            return redirect("entreprises:entreprise", pk=entreprise.pk)
        if deja is not None:
            form.add_error(
                "siret", comptes.DEJA_DEMANDE if deja.statut == StatutMembre.EN_ATTENTE else comptes.DEMANDE_REFUSEE
            )
        else:
            return render(
                request,
                "entreprises/employeur/compte/rattachement_demande.html",
                {"entreprise": entreprise, "siret": siret, "siret_formate": siret_.formater(siret)},
            )
    return render(request, "entreprises/employeur/compte/rattachement.html", {"form": form})


def _page_creation(request, form, siret, status=200):
    return render(
        request,
        "entreprises/employeur/compte/rattachement_creation.html",
        {"form": form, "siret_formate": siret_.formater(siret) if siret else ""},
        status=status,
    )


def _creation(request):
    form = EntrepriseForm(request.POST)
    if form.is_valid():
        try:
            resultat = comptes.creer_entreprise(request.user, siret=form.cleaned_data["siret"], **form.valeurs())
        except ValidationError as exc:
            reporter(form, exc)
        else:
            entreprise = resultat.membre.entreprise
            if not resultat.entreprise_creee:
                messages.info(
                    request,
                    f"L'entreprise {entreprise.nom} a été inscrite par quelqu'un d'autre pendant que vous remplissiez "
                    "le formulaire : votre demande de rattachement attend la décision de son administrateur.",
                )
                return redirect("entreprises:espace")
            messages.success(
                request, f"L'espace de {entreprise.nom} est créé ; vous en êtes l'administrateur ou l'administratrice."
            )
            return redirect("entreprises:entreprise", pk=entreprise.pk)
    return _page_creation(request, form, siret_.normaliser(request.POST.get("siret", "")))


def _demande(request):
    form = SiretForm(request.POST)
    if form.is_valid():
        try:
            resultat = comptes.demander_rattachement(request.user, siret=form.cleaned_data["siret"])
        except ValidationError as exc:
            reporter(form, exc)
        else:
            membre = resultat.membre
            if membre.statut == StatutMembre.ACTIF:
                messages.success(
                    request,
                    f"L'espace de {membre.entreprise.nom} n'avait plus d'administrateur : vous l'êtes désormais.",
                )
                return redirect("entreprises:entreprise", pk=membre.entreprise_id)
            messages.success(
                request,
                f"Votre demande de rattachement à {membre.entreprise.nom} est envoyée à ses administrateurs. "
                "Vous recevrez un courriel dès qu'ils auront répondu.",
            )
            return redirect("entreprises:espace")
    return render(request, "entreprises/employeur/compte/rattachement.html", {"form": form})


def _entreprise_de_l_employeur(user, pk):
    entreprise = entreprise_ou_404(user, pk)
    membre = acces.membre_actif(user, entreprise)
    if membre is None:  # the membership ended between the two reads
        raise Http404
    return (
        Entreprise.objects.select_related("commune", "code_naf", "referent", "organisation_referente").get(
            pk=entreprise.pk
        ),
        membre,
    )


def _page_entreprise(request, entreprise, moi, *, form=None, message_form=None, status=200):
    est_admin = moi.role == RoleEntreprise.ADMIN
    # The technical accounts of the company's recruitment software are not members one manages here.
    membres = (
        entreprise.membres.exclude(user__client_api__isnull=False)
        .select_related("user")
        .order_by("statut", "role", "user__last_name", "pk")
    )
    if not est_admin:
        membres = membres.filter(statut=StatutMembre.ACTIF)
    if est_admin and form is None:
        form = EntrepriseForm(initial=EntrepriseForm.initial_depuis(entreprise), avec_siret=False)
    contacts = comptes.contacts(entreprise)
    for contact in contacts:
        prefixe = f"contact-{contact.user.pk}"
        contact.form = message_form if message_form is not None and message_form.prefix == prefixe else None
        contact.form = contact.form or MessageConseillerForm(prefix=prefixe)
    offres = (
        Offre.objects.filter(entreprise=entreprise)
        .select_related("conseiller_recrutement", "commune")
        .annotate(nb_candidatures=compte_lie(Candidature.objects.all(), "offre"))
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "entreprises/employeur/compte/entreprise.html",
        {
            "entreprise": entreprise,
            "siret_formate": siret_.formater(entreprise.siret),
            "moi": moi,
            "en_erreur": bool(
                (form is not None and form.errors) or (message_form is not None and message_form.errors)
            ),
            "est_admin": est_admin,
            # The last admin is offered neither stepping down nor leaving (the action refuses both).
            "dernier_admin": est_admin and not comptes.autres_admins_actifs(moi).exists(),
            "form": form,
            "membres": membres,
            "contacts": contacts,
            "offres": offres,
        },
        status=status,
    )


@acces_reserve(TypeCompte.EMPLOYEUR)
def entreprise(request, pk):
    entreprise, moi = _entreprise_de_l_employeur(request.user, pk)
    form = None
    if request.method == "POST":
        if moi.role != RoleEntreprise.ADMIN:
            raise Http404
        form = EntrepriseForm(request.POST, avec_siret=False)
        if form.is_valid():
            try:
                comptes.modifier_entreprise(entreprise, acting_user=request.user, **form.valeurs())
            except ValidationError as exc:
                reporter(form, exc)
            else:
                messages.success(request, "Les informations de l'entreprise sont enregistrées.")
                return redirect("entreprises:entreprise", pk=entreprise.pk)
    return _page_entreprise(request, entreprise, moi, form=form)


DECISIONS = {
    "approuver": (comptes.approuver_membre, "{nom} est désormais membre de l'entreprise."),
    "refuser": (comptes.refuser_membre, "La demande de {nom} est refusée."),
    "nommer_admin": (comptes.nommer_admin, "{nom} est désormais administrateur ou administratrice."),
    "retirer_admin": (comptes.retirer_admin, "{nom} n'est plus administrateur ou administratrice."),
    "retirer": (comptes.retirer_membre, "{nom} ne fait plus partie de l'entreprise."),
}


@require_POST
@acces_reserve(TypeCompte.EMPLOYEUR)
def membre(request, pk, membre_pk):
    entreprise, moi = _entreprise_de_l_employeur(request.user, pk)
    cible = entreprise.membres.select_related("user").filter(pk=pk_ou_404(membre_pk)).first()
    if cible is None:
        raise Http404
    decision = request.POST.get("decision", "")
    depart = cible.pk == moi.pk and decision == "retirer"
    if moi.role != RoleEntreprise.ADMIN and not depart:
        raise Http404
    retour = reverse("entreprises:entreprise", kwargs={"pk": entreprise.pk}) + "#membres"
    if decision not in DECISIONS:
        messages.error(request, "Cette action n'existe pas : choisissez l'un des boutons de la liste des membres.")
        return redirect(retour)
    action, succes = DECISIONS[decision]
    try:
        action(cible, acting_user=request.user)
    except ValidationError as exc:
        for erreur in exc.messages:
            messages.error(request, erreur)
        return redirect(retour)
    if depart:
        messages.success(request, f"Vous ne faites plus partie de l'espace de {entreprise.nom}.")
        return redirect("entreprises:espace")
    messages.success(request, succes.format(nom=cible.user.get_full_name() or cible.user.email))
    return redirect(retour)


@require_POST
@acces_reserve(TypeCompte.EMPLOYEUR)
def ecrire(request, pk):
    entreprise, moi = _entreprise_de_l_employeur(request.user, pk)
    pour = comptes.pk_ou_none(request.POST.get("pour"))
    destinataire = next((c for c in comptes.contacts(entreprise) if c.user.pk == pour), None)
    if destinataire is None:
        messages.error(request, comptes.DESTINATAIRE_INCONNU)
        return redirect(reverse("entreprises:entreprise", kwargs={"pk": entreprise.pk}) + "#contacts")
    form = MessageConseillerForm(request.POST, prefix=f"contact-{pour}")
    if form.is_valid():
        try:
            comptes.ecrire_au_conseiller(
                entreprise, acting_user=request.user, destinataire_id=pour, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            reporter(form, exc)
        else:
            nom = destinataire.user.get_full_name() or destinataire.user.email
            messages.success(request, f"Votre message est envoyé à {nom}.")
            return redirect(reverse("entreprises:entreprise", kwargs={"pk": entreprise.pk}) + "#contacts")
    return _page_entreprise(request, entreprise, moi, message_form=form)
