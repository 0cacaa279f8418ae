"""Who may see what on the employers' side. Every employer view goes through these functions.

- An employer sees only the companies where they are an active member, those companies' offers,
  and the people who applied to one of those offers or were put forward for it — their
  identity, contact and career data (``ProfilRecherche``), never a diagnostic, a contract or a
  social note. Each such read is logged in the person's access log (``PartieDossier.CANDIDATURE``).
- Published offers are visible to every professional of the network (one offer for the whole
  network). Managing a company or an offer belongs to its référent entreprise, the offer's
  conseiller recrutement, and the conseillers of the company's organisation référente.
A refusal and an unknown id are the same 404.
"""

from django.http import Http404

from entreprises.enums import RoleEntreprise, StatutMembre, StatutOffre
from entreprises.models import Candidature, Entreprise, MembreEntreprise, Offre
from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel

_PK_MAX = 2**63 - 1


def pk_ou_404(valeur):
    """An id from a URL or a form, or a 404 (beyond bigint PostgreSQL would raise an error, a 500)."""
    try:
        valeur = int(valeur)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < valeur <= _PK_MAX:
        raise Http404
    return valeur


# --- Employers ---------------------------------------------------------------------------------


def est_employeur_actif(user):
    return bool(user and user.is_authenticated and user.is_active and user.est_employeur)


def entreprises_de(user, *, admin=False):
    """The companies where ``user`` is an active member (admins only with ``admin=True``)."""
    if not est_employeur_actif(user):
        return Entreprise.objects.none()
    membres = MembreEntreprise.objects.filter(user=user, statut=StatutMembre.ACTIF)
    if admin:
        membres = membres.filter(role=RoleEntreprise.ADMIN)
    return Entreprise.objects.filter(pk__in=membres.values("entreprise_id"))


def est_membre(user, entreprise_id):
    """``user`` is an active member of the company ``entreprise_id``."""
    return entreprises_de(user).filter(pk=entreprise_id).exists()


def personne_du_compte(user):
    """The person file of a PERSONNE account (its own, through ``Personne.user``), or None."""
    from francetravail.personnes.models import Personne

    if not (user and user.is_authenticated and user.est_personne):
        return None
    return Personne.objects.filter(user=user).select_related("commune").first()


def entreprise_ou_404(user, pk, *, admin=False):
    entreprise = entreprises_de(user, admin=admin).filter(pk=pk_ou_404(pk)).first()
    if entreprise is None:
        raise Http404
    return entreprise


def offres_de_l_employeur(user):
    return Offre.objects.filter(entreprise__in=entreprises_de(user))


def offre_de_l_employeur_ou_404(user, pk):
    offre = (
        offres_de_l_employeur(user)
        .select_related("entreprise", "fiche_rome", "commune")
        .filter(pk=pk_ou_404(pk))
        .first()
    )
    if offre is None:
        raise Http404
    return offre


def candidatures_de_l_employeur(user):
    """Applications to the employer's offers: the only people an employer ever sees."""
    return Candidature.objects.filter(offre__entreprise__in=entreprises_de(user))


def candidature_pour_employeur_ou_404(user, pk, *, canal=Canal.WEB):
    """One application and its person, for an employer; the read is logged in the person's access log."""
    candidature = (
        candidatures_de_l_employeur(user)
        .select_related("offre__entreprise", "personne__commune", "personne__profil_recherche")
        .filter(pk=pk_ou_404(pk))
        .first()
    )
    if candidature is None:
        raise Http404
    journaliser_acces(
        personne_id=candidature.personne_id,
        user_id=user.pk,
        organisation_id=None,
        partie=PartieDossier.CANDIDATURE,
        canal=canal,
    )
    return candidature


# --- Professionals of the network -------------------------------------------------------------


def est_conseiller_reseau(user):
    """A professional with an accompaniment role: reads the network's published offers."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.est_professionnel
        and contexte_professionnel(user).roles & ROLES_ACCOMPAGNEMENT
    )


def offres_du_reseau(user):
    """Published offers, for any conseiller of the network; nothing for anyone else."""
    if not est_conseiller_reseau(user):
        return Offre.objects.none()
    return Offre.objects.filter(statut=StatutOffre.PUBLIEE)


def gere_entreprise(user, entreprise):
    """The référent entreprise, or a conseiller of the company's organisation référente."""
    if not est_conseiller_reseau(user):
        return False
    if entreprise.referent_id == user.pk:
        return True
    return entreprise.organisation_referente_id in contexte_professionnel(user).organisations_accompagnement


def gere_offre(user, offre):
    """Who manages an offer on the network's side: its conseiller recrutement, or whoever manages its company."""
    if not est_conseiller_reseau(user):
        return False
    return offre.conseiller_recrutement_id == user.pk or gere_entreprise(user, offre.entreprise)
