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

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from contrats.acces import est_referent
from entreprises.enums import RoleEntreprise, StatutMembre, StatutOffre
from entreprises.models import Candidature, Entreprise, Immersion, MembreEntreprise, Offre
from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.personnes.acces import accompagne_depuis_l_organisme_referent, est_la_personne, personnes_visibles
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel

SO = StatutOffre

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


def membre_actif(user, entreprise):
    """``user``'s active membership of ``entreprise``, or None."""
    if not est_employeur_actif(user):
        return None
    return MembreEntreprise.objects.filter(entreprise=entreprise, user=user, statut=StatutMembre.ACTIF).first()


def est_admin(user, entreprise):
    """``user`` is an active administrator of ``entreprise``: manages its members and its details."""
    membre = membre_actif(user, entreprise)
    return membre is not None and membre.role == RoleEntreprise.ADMIN


REFUS_ADMIN_LOGICIELS = (
    "Seul un administrateur de l'entreprise peut gérer les logiciels de recrutement qui la représentent."
)


def exiger_admin_logiciels(user, entreprise):
    """Only an active admin of ``entreprise`` (a person, never its software) manages its API clients."""
    if not est_admin(user, entreprise) or hasattr(user, "client_api"):
        raise PermissionDenied(REFUS_ADMIN_LOGICIELS)


def personne_du_compte(user):
    """The person file of a PERSONNE account (its own, through ``Personne.user``), or None."""
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
    """Applications to the employer's offers: the only people an employer ever sees. An archived file
    leaves them (francetravail/personnes/acces.py): its applications are no longer shown nor answered."""
    return Candidature.objects.filter(offre__entreprise__in=entreprises_de(user), personne__archivee_le__isnull=True)


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


def peut_designer_referent(user, entreprise):
    """Whoever manages the company (its référent, its organisation référente's conseillers) and the
    France Travail conseillers of its département, who hold the employer relationship there."""
    if not est_conseiller_reseau(user):
        return False
    ctx = contexte_professionnel(user)
    if entreprise.referent_id == user.pk:
        return True
    if entreprise.organisation_referente_id in ctx.organisations_accompagnement:
        return True
    return bool(entreprise.commune_id) and entreprise.commune.departement_id in ctx.departements_orienteur


# --- Offers -----------------------------------------------------------------------------------


def peut_rediger(user, entreprise):
    """An active member of the company, or a conseiller who manages it, drafts and submits its offers."""
    if est_membre(user, entreprise.pk):
        return True
    return gere_entreprise(user, entreprise)


def peut_examiner(user, offre):
    """The review queue's rule: whoever manages the company, or a France Travail agency's conseiller
    in the offer's département."""
    if not est_conseiller_reseau(user):
        return False
    if gere_entreprise(user, offre.entreprise):
        return True
    return bool(offre.departement) and offre.departement in contexte_professionnel(user).departements_orienteur


def a_valider(user):
    """The review queue: the set form of ``peut_examiner`` over offers under review."""
    if not est_conseiller_reseau(user):
        return Offre.objects.none()
    ctx = contexte_professionnel(user)
    condition = Q(entreprise__referent=user) | Q(
        entreprise__organisation_referente__in=ctx.organisations_accompagnement
    )
    if ctx.departements_orienteur:
        condition |= Q(departement__in=list(ctx.departements_orienteur))
    return Offre.objects.filter(condition, statut=SO.A_VALIDER)


def peut_gerer(user, offre):
    """An active member of the company, or whoever manages the offer, withdraws it or records it filled."""
    if est_membre(user, offre.entreprise_id):
        return True
    return gere_offre(user, offre)


def etapes_possibles(user, offre):
    """The steps ``user`` may take on ``offre`` now: what the pages show as buttons."""
    etapes = set()
    statut = offre.statut
    membre = est_membre(user, offre.entreprise_id)
    gere_l_entreprise = gere_entreprise(user, offre.entreprise)
    if statut == SO.BROUILLON and (membre or gere_l_entreprise):
        etapes |= {"modifier", "soumettre", "retirer"}
    if statut == SO.A_VALIDER:
        if peut_examiner(user, offre):
            etapes |= {"modifier", "publier", "renvoyer"}
        if membre or gere_offre(user, offre):
            etapes.add("retirer")
    if statut == SO.PUBLIEE and (membre or gere_offre(user, offre)):
        etapes |= {"retirer", "pourvoir"}
    if statut in (SO.BROUILLON, SO.A_VALIDER, SO.PUBLIEE) and gere_l_entreprise:
        etapes.add("conseiller")
    return etapes


def peut_faire_la_tache(user, tache):
    """A follow-up task is done by its conseiller, by its organisation's conseillers while unassigned,
    or by whoever manages the company."""
    if not est_conseiller_reseau(user):
        return False
    if tache.conseiller_id == user.pk:
        return True
    organisations = contexte_professionnel(user).organisations_accompagnement
    if tache.conseiller_id is None and tache.organisation_id in organisations:
        return True
    return gere_entreprise(user, tache.entreprise)


# --- Applications -----------------------------------------------------------------------------


def peut_mettre_en_relation(user, personne):
    """A conseiller of the network (accompaniment role) who may read ``personne``'s file."""
    if not est_conseiller_reseau(user):
        return False
    return personnes_visibles(user).filter(pk=personne.pk).exists()


def repond_a_la_candidature(user, candidature):
    """An active member of the offer's company: reads, answers and hires."""
    return est_membre(user, candidature.offre.entreprise_id)


def peut_reprendre_recherche(user, personne):
    """The person, or a référent of their organisme référent, says that the job search starts again."""
    if est_la_personne(user, personne):
        return True
    return est_referent(user, personne.organisme_referent_id, personne)


# --- Immersions (PMSMP) -----------------------------------------------------------------------

PARTIE_PERSONNE = "personne"
PARTIE_ENTREPRISE = "entreprise"
PARTIE_REFERENT = "referent"


def peut_prescrire_immersion(user, personne):
    """Only a conseiller of the person's organisme référent prescribes an immersion: an involved
    organisation, or a département's team, reads the file but does not. The person page and the
    applications page show the link on this rule; the request form and the action refuse on it.

    ``contrats.acces.est_referent`` for the person's own organisme référent, without its query: a
    person is always visible to the conseillers of their organisme référent (``personnes_visibles``),
    and the person page, the most read, stays at its query count."""
    return accompagne_depuis_l_organisme_referent(user, personne)


def est_referent_de_l_immersion(user, immersion):
    """A conseiller of the prescribing organisation who sees the person's file."""
    return est_referent(user, immersion.organisation_id, immersion.personne)


def est_partie_personne(user, immersion):
    return est_la_personne(user, immersion.personne)


def est_partie_entreprise(user, immersion):
    if not (user.is_authenticated and user.est_employeur):
        return False
    return est_membre(user, immersion.entreprise_id)


def est_partie_referent(user, immersion):
    if not (user.is_authenticated and user.est_professionnel):
        return False
    return est_referent_de_l_immersion(user, immersion)


def parties_de(user, immersion):
    """Which parties of the convention ``user`` stands for (a set; usually one)."""
    parties = set()
    if est_partie_personne(user, immersion):
        parties.add(PARTIE_PERSONNE)
    if est_partie_entreprise(user, immersion):
        parties.add(PARTIE_ENTREPRISE)
    if est_partie_referent(user, immersion):
        parties.add(PARTIE_REFERENT)
    return parties


# --- What the network and the employers see, as sets -----------------------------------------


def entreprises_visibles(user):
    """The companies a conseiller of the network sees in the back-office.

    - those their organisations refer (organisation référente) and those they refer themselves;
    - those with an offer they follow as conseiller recrutement;
    - for a conseiller of a France Travail agency: every company of the agency's département, since
      France Travail holds the employer relationship there (it designates the référents, and
      reassigns them when needed; a company without a référent must be found by someone).
    Nothing for anyone else (pilotes, admins of organisations, départements' deciders).
    """
    if not est_conseiller_reseau(user):
        return Entreprise.objects.none()
    ctx = contexte_professionnel(user)
    condition = (
        Q(referent=user)
        | Q(organisation_referente__in=ctx.organisations_accompagnement)
        | Q(Exists(Offre.objects.filter(entreprise=OuterRef("pk"), conseiller_recrutement=user)))
    )
    if ctx.departements_orienteur:
        condition |= Q(commune__departement_id__in=list(ctx.departements_orienteur))
    return Entreprise.objects.filter(condition)


def entreprise_visible_ou_404(user, pk):
    entreprise = (
        entreprises_visibles(user)
        .select_related("commune__departement", "code_naf", "referent", "organisation_referente")
        .filter(pk=pk_ou_404(pk))
        .first()
    )
    if entreprise is None:
        raise Http404
    return entreprise


def offres_visibles(user):
    """What a conseiller may open: every published offer; the others of the companies they manage and
    of the offers they follow; for a France Travail agency's conseiller, those of the companies of
    its département (which they see in the companies' pages: France Travail holds the employer
    relationship there) and those under review in it. Reading only: the steps are
    ``etapes_possibles``."""
    if not est_conseiller_reseau(user):
        return Offre.objects.none()
    ctx = contexte_professionnel(user)
    condition = (
        Q(statut=SO.PUBLIEE)
        | Q(entreprise__referent=user)
        | Q(entreprise__organisation_referente__in=ctx.organisations_accompagnement)
        | Q(conseiller_recrutement=user)
    )
    if ctx.departements_orienteur:
        departements = list(ctx.departements_orienteur)
        condition |= Q(statut=SO.A_VALIDER, departement__in=departements)
        condition |= Q(entreprise__commune__departement_id__in=departements)
    return Offre.objects.filter(condition)


def entreprises_gerees(user):
    """The companies ``user`` manages on the network's side: those they refer, and those their organisations refer."""
    if not est_conseiller_reseau(user):
        return Entreprise.objects.none()
    ctx = contexte_professionnel(user)
    return Entreprise.objects.filter(Q(referent=user) | Q(organisation_referente__in=ctx.organisations_accompagnement))


def immersions_du_conseiller(user):
    """Immersions prescribed by ``user``'s accompaniment organisations, for people whose file they read."""
    organisations = contexte_professionnel(user).organisations_accompagnement
    if not organisations:
        return Immersion.objects.none()
    return Immersion.objects.filter(organisation_id__in=organisations, personne__in=personnes_visibles(user))


def immersions_de_l_employeur(user):
    """Immersions hosted by the companies where ``user`` is an active member (no archived file's)."""
    return Immersion.objects.filter(entreprise__in=entreprises_de(user), personne__archivee_le__isnull=True)
