"""The booking link's pages (``/rdv/<jeton>/``), for a person who may have no account.

Whoever holds the link first sees the inviting organisation and the identity check, nothing of the person;
a forged or altered link is a 404 page that says so, an expired or withdrawn one a 410 page that says what to
do (with the organisation's phone). After the check (``lien_acces``, in the session, for this invitation
only): the slots, the booking, its confirmation and ``.ics``, the one-step account, the callback request.

Reads of the file through the link are not written to the access log (``JournalAcces`` names a reader's
account, and the reader here is the person themself, without one); the booking writes its audit event
(``rendezvous.transition`` naming the invitation).
"""

from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime, now
from django.views.decorators.http import require_POST

from francetravail.comptes.decorators import public
from francetravail.invitations import actions_lien
from francetravail.invitations import lien as liens
from francetravail.invitations.enums import StatutInvitation
from francetravail.invitations.forms_lien import AnnulationForm, CodeForm, EspaceForm, NaissanceForm, RappelForm
from francetravail.invitations.lien_acces import est_verifiee, retenir_verification
from francetravail.invitations.queries_lien import creneaux_offerts, jusqu_au, par_jour
from francetravail.rendezvous import ics
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import Creneau, RendezVous

TROP_D_ESSAIS_ADRESSE = "Trop d'essais depuis cette connexion : patientez une minute avant de réessayer."


def _ouvrir(request, jeton):
    """``(invitation, None)``, or ``(None, the page to answer)`` for a link that opens nothing.

    A used invitation still opens (its page shows the booking, after the check)."""
    try:
        return liens.lire(jeton), None
    except liens.LienInvalide:
        return None, render(request, "invitations/lien/invalide.html", status=404)
    except liens.LienExpire as exc:
        invitation = exc.invitation
        if invitation.statut == StatutInvitation.UTILISEE and invitation.rendez_vous_id is not None:
            return invitation, None
        return None, render(request, "invitations/lien/expire.html", {"invitation": invitation}, status=410)


def _ouvrir_verifiee(request, jeton):
    """As ``_ouvrir``, and the page of the identity check when it has not passed in this session."""
    invitation, reponse = _ouvrir(request, jeton)
    if reponse is None and not est_verifiee(request, invitation):
        reponse = redirect("invitations:lien", jeton=jeton)
    return invitation, reponse


def _message(exc):
    return " ".join(exc.messages)


def _heure(moment):
    return date_format(localtime(moment), "j F Y à H\\hi")


@public
def lien(request, jeton):
    invitation, reponse = _ouvrir(request, jeton)
    if reponse is not None:
        return reponse
    if est_verifiee(request, invitation):
        if invitation.rendez_vous_id is not None:
            return redirect("invitations:confirmation", jeton=jeton)
        if request.method == "POST":
            return redirect("invitations:lien", jeton=jeton)
        return _page_creneaux(request, invitation, jeton)
    return _verification(request, invitation, jeton)


def _verification(request, invitation, jeton):
    naissance, code, erreur, statut = NaissanceForm(), CodeForm(), None, 200
    if request.method == "POST":
        if not ratelimit.consume(request, action="invitation_verification"):
            erreur, statut = TROP_D_ESSAIS_ADRESSE, 429
        else:
            if request.POST.get("methode") == "code":
                form = code = CodeForm(request.POST)
            else:
                form = naissance = NaissanceForm(request.POST)
            if form.is_valid():
                resultat = actions_lien.verifier_identite(
                    invitation,
                    date_naissance=form.cleaned_data.get("date_naissance"),
                    code=form.cleaned_data.get("code", ""),
                )
                if resultat.reussie:
                    retenir_verification(request, invitation)
                    return redirect("invitations:lien", jeton=jeton)
                erreur = _echec(invitation, resultat)
    elif invitation.bloquee_jusqu_a is not None and invitation.bloquee_jusqu_a > now():
        erreur = _bloquee(invitation, invitation.bloquee_jusqu_a)
    contexte = {"invitation": invitation, "naissance": naissance, "code": code, "erreur": erreur}
    return render(request, "invitations/lien/verification.html", contexte, status=statut)


def _bloquee(invitation, jusqu_a):
    message = (
        "Trop d'essais incorrects : par sécurité, ce lien est bloqué jusqu'au "
        f"{_heure(jusqu_a)}. Vous pourrez réessayer ensuite"
    )
    if invitation.organisation.telephone:
        return f"{message}, ou appelez {invitation.organisation.nom} au {invitation.organisation.telephone}."
    return f"{message}."


def _echec(invitation, resultat):
    if resultat.bloquee_jusqu_a is not None:
        return _bloquee(invitation, resultat.bloquee_jusqu_a)
    essais = (
        "il vous reste 1 essai"
        if resultat.essais_restants == 1
        else f"il vous reste {resultat.essais_restants} essais"
    )
    return (
        "Ces informations ne correspondent pas à la personne invitée par ce lien : vérifiez-les "
        f"({essais} avant que le lien ne soit bloqué pour un moment)."
    )


def _page_creneaux(request, invitation, jeton, *, erreur=None):
    creneaux = list(creneaux_offerts(invitation))
    contexte = {
        "invitation": invitation,
        "personne": invitation.personne,
        "jeton": jeton,
        "jours": par_jour(creneaux),
        "jusqu_au": jusqu_au(invitation),
        "erreur": erreur,
    }
    return render(request, "invitations/lien/creneaux.html", contexte)


def _entier(valeur):
    try:
        valeur = int(valeur)
    except (TypeError, ValueError):
        return None
    return valeur if 0 < valeur < 2**63 else None


@public
@require_POST
def reserver(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    if invitation.rendez_vous_id is not None:
        # Sent again (back button, double click): the booking made, nothing more.
        return redirect("invitations:confirmation", jeton=jeton)
    creneau = Creneau.objects.filter(pk=_entier(request.POST.get("creneau"))).first()
    if creneau is None:
        return _page_creneaux(request, invitation, jeton, erreur="Choisissez un créneau dans la liste.")
    try:
        actions_lien.reserver(invitation, creneau)
    except ValidationError as exc:
        return _page_creneaux(request, invitation, jeton, erreur=_message(exc))
    return redirect("invitations:confirmation", jeton=jeton)


def _rendez_vous(invitation):
    return RendezVous.objects.select_related("creneau__agenda__organisation").get(pk=invitation.rendez_vous_id)


def _ics(rdv):
    """The appointment's ``.ics`` bytes, or None while the calendar files are not available."""
    try:
        return ics.calendrier_rendez_vous(rdv, pour="personne")
    except NotImplementedError:
        return None


@public
def confirmation(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    if invitation.rendez_vous_id is None:
        return redirect("invitations:lien", jeton=jeton)
    rdv = _rendez_vous(invitation)
    personne = invitation.personne
    contexte = {
        "invitation": invitation,
        "personne": personne,
        "rdv": rdv,
        "jeton": jeton,
        "reserve": rdv.statut == StatutRendezVous.RESERVE,
        "canaux": [canal.label.lower() for canal, _ in actions_lien.adresses_de_confirmation(personne)],
        "ics": rdv.statut == StatutRendezVous.RESERVE and _ics(rdv) is not None,
        "proposer_espace": personne.user_id is None and request.GET.get("espace") != "non",
        "a_un_espace": personne.user_id is not None,
    }
    return render(request, "invitations/lien/confirmation.html", contexte)


@public
def annuler(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    if invitation.rendez_vous_id is None:
        return redirect("invitations:lien", jeton=jeton)
    rdv = _rendez_vous(invitation)
    if rdv.statut != StatutRendezVous.RESERVE:
        return redirect("invitations:confirmation", jeton=jeton)
    form = AnnulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions_lien.annuler(invitation, motif=form.cleaned_data["motif"])
        except ValidationError as exc:
            _erreurs_sur(form, exc)
        else:
            return redirect("invitations:confirmation", jeton=jeton)
    contexte = {"invitation": invitation, "jeton": jeton, "rdv": rdv, "form": form}
    return render(request, "invitations/lien/annuler.html", contexte)


@public
def calendrier(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    if invitation.rendez_vous_id is None:
        raise Http404
    contenu = _ics(_rendez_vous(invitation))
    if contenu is None:
        raise Http404
    return HttpResponse(
        contenu,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="rendez-vous.ics"'},
    )


@public
def espace(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    personne = invitation.personne
    if personne.user_id is not None:
        return render(
            request, "invitations/lien/espace.html", {"invitation": invitation, "jeton": jeton, "deja": True}
        )
    initial = {
        "email": personne.email,
        "prenom": personne.prenoms.split(" ")[0],
        "nom": personne.nom_usage or personne.nom_naissance,
    }
    form = EspaceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not ratelimit.consume(request, action="signup"):
            form.add_error(None, TROP_D_ESSAIS_ADRESSE)
        elif form.is_valid():
            try:
                actions_lien.creer_espace(
                    invitation,
                    email=form.cleaned_data["email"],
                    prenom=form.cleaned_data["prenom"],
                    nom=form.cleaned_data["nom"],
                    mot_de_passe=form.cleaned_data["mot_de_passe"],
                    request=request,
                )
            except ValidationError as exc:
                _erreurs_sur(form, exc)
            else:
                contexte = {"invitation": invitation, "jeton": jeton, "email": form.cleaned_data["email"]}
                return render(request, "invitations/lien/espace_cree.html", contexte)
    return render(request, "invitations/lien/espace.html", {"invitation": invitation, "jeton": jeton, "form": form})


def _erreurs_sur(form, exc):
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.message_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc.messages)


@public
def rappel(request, jeton):
    invitation, reponse = _ouvrir_verifiee(request, jeton)
    if reponse is not None:
        return reponse
    if invitation.rendez_vous_id is not None:
        return redirect("invitations:confirmation", jeton=jeton)
    form = RappelForm(request.POST or None, initial={"telephone": invitation.personne.telephone})
    if request.method == "POST" and form.is_valid():
        try:
            demande = actions_lien.demander_rappel(
                invitation,
                telephone=form.cleaned_data["telephone"],
                disponibilites=form.cleaned_data["disponibilites"],
            )
        except ValidationError as exc:
            _erreurs_sur(form, exc)
        else:
            contexte = {"invitation": invitation, "jeton": jeton, "demande": demande}
            return render(request, "invitations/lien/rappel_envoye.html", contexte)
    return render(request, "invitations/lien/rappel.html", {"invitation": invitation, "jeton": jeton, "form": form})
