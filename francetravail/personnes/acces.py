"""The access gate for a person's file. Every view, API endpoint and admin page
that touches a person goes through ``acces_personne`` (one file) or
``personnes_visibles`` (lists); both apply the same rule, one condition per line.

A professional sees a person when, through an active membership:
- their organisation is the person's organisme référent (accompaniment roles, or responsable d'équipe);
- or their organisation is explicitly involved in the file (accompaniment or mediation roles): an
  implication accepted and in force (not proposed, refused, ended or past its planned end), addressed
  to the organisation as a whole or to them by name (``Implication.objects.actives().ouvertes_a``);
- or they hold a departmental role in the conseil départemental of the person's département
  (only there: ``ContexteProfessionnel.departements_par_organisation``);
- or, for a person who has no organisme référent yet (awaiting orientation), they are a
  conseiller of a France Travail agency of the person's département (France Travail
  orients everyone who is not a bRSA: L5411-5-1 II).
A person sees their own file. Nobody else sees any file. "Active membership" is
``Membership.objects.actives()``: confirmed (not pending another organisation's
confirmation), not withdrawn, and a role its organisation's type admits
(``francetravail/reseau/attribution.py``).

An archived file (``Personne.archivee_le`` set: the intermediate archive, R5312-44) is closed to every
professional, whatever the condition above or a mission: it leaves every list, search, matching and API
result. Only the data protection role reads it, through its own pages and a logged reason
(``francetravail/donnees/archives.py``). The person still reads their own file: the archive limits who
works it, not the person's right of access (RGPD art. 15).

One narrow exception is spelled out by the caller, never implied: ``par_mission`` lets a
professional read one file because of a mission on it that the rule above does not know
(deciding a sanction as the regional director's delegate, instructing an appeal as the
regional mediator). It opens that one read, is logged the same way, and never widens a list.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from francetravail.audit.actions import journaliser_acces
from francetravail.audit.enums import Canal, PartieDossier
from francetravail.comptes.acces import est_professionnel_actif
from francetravail.personnes.enums import StatutImplication
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role
from francetravail.reseau.roles import contexte_professionnel

_PK_MAX = 2**63 - 1


def organisation_donnant_acces(user, personne):
    """The organisation through which ``user`` may read ``personne``'s file, or None.

    Returns ``False`` for the person themself (allowed, no organisation).
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.est_personne:
        return False if personne.user_id == user.pk else None
    if not user.est_professionnel or est_archivee(personne):
        return None
    ctx = contexte_professionnel(user)
    accompagnement = ctx.organisations_accompagnement
    if personne.organisme_referent_id in accompagnement:
        return personne.organisme_referent_id
    if personne.organisme_referent_id in ctx.organisations_equipe:
        return personne.organisme_referent_id
    par_departement = ctx.departements_par_organisation
    if personne.departement_id in par_departement:
        return par_departement[personne.departement_id]
    if personne.organisme_referent_id is None:
        orienteur = ctx.departements_orienteur
        if personne.departement_id in orienteur:
            return orienteur[personne.departement_id]
    impliquees = accompagnement | ctx.organisations_mediation
    if impliquees:
        org = (
            Implication.objects.actives()
            .ouvertes_a(user)
            .filter(personne=personne, organisation_id__in=impliquees)
            .values_list("organisation_id", flat=True)
            .first()
        )
        if org is not None:
            return org
    return None


def accompagne_depuis_l_organisme_referent(user, personne):
    """The gate's first condition on its own: an active professional with an accompaniment role in the
    person's organisme référent — the référent's side of the file, which reads it too. No query (the
    memberships are cached). The apps' rules for what only that side does (ending an accompaniment,
    prescribing an immersion) are this one."""
    if not (user and user.is_authenticated and user.is_active and user.est_professionnel):
        return False
    if personne.organisme_referent_id is None or est_archivee(personne):
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_accompagnement


def organisations_donnant_acces(user, personnes):
    """``organisation_donnant_acces`` for a list: {person id: organisation id, False or None}.

    The same rule, condition for condition, with the involvement lookup done once for
    the whole list (lists and the API log each person shown without one query per row).
    """
    if not user.is_authenticated or not user.is_active:
        return dict.fromkeys((p.pk for p in personnes), None)
    if user.est_personne:
        return {p.pk: False if p.user_id == user.pk else None for p in personnes}
    if not user.est_professionnel:
        return dict.fromkeys((p.pk for p in personnes), None)
    ctx = contexte_professionnel(user)
    accompagnement = ctx.organisations_accompagnement
    # The organisme référent's side: its accompaniment roles and its responsables d'équipe.
    cote_referent = accompagnement | ctx.organisations_equipe
    par_departement = ctx.departements_par_organisation
    orienteur = ctx.departements_orienteur
    resultat, a_chercher = {}, []
    for personne in personnes:
        if est_archivee(personne):
            resultat[personne.pk] = None
        elif personne.organisme_referent_id in cote_referent:
            resultat[personne.pk] = personne.organisme_referent_id
        elif personne.departement_id in par_departement:
            resultat[personne.pk] = par_departement[personne.departement_id]
        elif personne.organisme_referent_id is None and personne.departement_id in orienteur:
            resultat[personne.pk] = orienteur[personne.departement_id]
        else:
            resultat[personne.pk] = None
            a_chercher.append(personne.pk)
    impliquees = accompagnement | ctx.organisations_mediation
    if a_chercher and impliquees:
        trouvees = {}
        # Ordered by pk as ``.first()`` is in the one-person rule, so both name the same organisation.
        for personne_id, org in (
            Implication.objects.actives()
            .ouvertes_a(user)
            .filter(personne_id__in=a_chercher, organisation_id__in=impliquees)
            .order_by("personne_id", "pk")
            .values_list("personne_id", "organisation_id")
        ):
            trouvees.setdefault(personne_id, org)
        resultat.update(trouvees)
    return resultat


def organisation_modifiant_coordonnees(user, personne):
    """The organisation through which ``user`` may change ``personne``'s contact details, or None.

    ``False`` for the person themself (allowed, no organisation). Only those who accompany
    the person: an accompaniment role in the organisme référent, in an organisation involved
    in the file, or as France Travail's orienteur of a person awaiting orientation. The
    département-wide and mediation roles read the file; they never rewrite it.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.est_personne:
        return False if personne.user_id == user.pk else None
    if not user.est_professionnel or est_archivee(personne):
        return None
    ctx = contexte_professionnel(user)
    accompagnement = ctx.organisations_accompagnement
    if personne.organisme_referent_id in accompagnement:
        return personne.organisme_referent_id
    if personne.organisme_referent_id is None:
        orienteur = ctx.departements_orienteur
        if personne.departement_id in orienteur:
            return orienteur[personne.departement_id]
    if accompagnement:
        return (
            Implication.objects.actives()
            .ouvertes_a(user)
            .filter(personne=personne, organisation_id__in=accompagnement)
            .values_list("organisation_id", flat=True)
            .first()
        )
    return None


def est_la_personne(user, personne):
    """``user`` is ``personne`` themself (the gate answers False, not None, for them)."""
    return bool(user and user.is_authenticated) and organisation_donnant_acces(user, personne) is False


def acces_personne(request, personne_id, *, partie, canal=Canal.WEB, queryset=None, charger=None, par_mission=None):
    """Returns the person or raises Http404, and logs the read of ``partie``.

    ``queryset`` (or ``charger``, a function from id to person or None) says what
    to load with the person. A refusal and an unknown id are the same 404, so a
    tampered URL reveals nothing. ``par_mission(user, personne)`` returns the
    organisation id of a mission on this file, or None (see the module's docstring).
    """
    try:
        personne_id = int(personne_id)
    except (ValueError, TypeError):
        raise Http404 from None
    if not 0 < personne_id <= _PK_MAX:  # beyond bigint PostgreSQL would raise an error (a 500)
        raise Http404
    if charger is None:
        queryset = (
            queryset
            if queryset is not None
            else Personne.objects.select_related("organisme_referent", "referent_unique", "commune")
        )
        try:
            personne = queryset.get(pk=personne_id)
        except Personne.DoesNotExist:
            personne = None
    else:
        personne = charger(personne_id)
    if personne is None:
        raise Http404
    organisation = organisation_donnant_acces(request.user, personne)
    # A mission opens no archived file either (the module's docstring).
    if (
        organisation is None
        and par_mission is not None
        and request.user.is_authenticated
        and not est_archivee(personne)
    ):
        organisation = par_mission(request.user, personne)
    if organisation is None:
        raise Http404
    journaliser_lecture(request.user, personne, partie=partie, canal=canal, organisation_id=organisation or None)
    return personne


def journaliser_lecture(user, personne, *, partie, canal=Canal.WEB, organisation_id=None):
    if user.is_authenticated and personne.user_id == user.pk:
        return  # a person reading their own file is not an access to report to them
    journaliser_acces(
        personne_id=personne.pk, user_id=user.pk, organisation_id=organisation_id, partie=partie, canal=canal
    )


def personnes_visibles(user):
    """The people ``user`` may see, as a queryset (lists, API, admin)."""
    if not user.is_authenticated or not user.is_active:
        return Personne.objects.none()
    if user.est_personne:
        return Personne.objects.filter(user=user)
    if not user.est_professionnel:
        return Personne.objects.none()
    ctx = contexte_professionnel(user)
    accompagnement = ctx.organisations_accompagnement
    impliquees = accompagnement | ctx.organisations_mediation
    condition = Q(pk__in=[])
    if accompagnement:
        condition |= Q(organisme_referent_id__in=accompagnement)
    if ctx.organisations_equipe:
        condition |= Q(organisme_referent_id__in=list(ctx.organisations_equipe))
    if ctx.departements_par_organisation:
        condition |= Q(departement_id__in=list(ctx.departements_par_organisation))
    if ctx.departements_orienteur:
        condition |= Q(organisme_referent__isnull=True, departement_id__in=list(ctx.departements_orienteur))
    if impliquees:
        implication = (
            Implication.objects.actives()
            .ouvertes_a(user)
            .filter(personne=OuterRef("pk"), organisation_id__in=impliquees)
        )
        condition |= Exists(implication)
    return Personne.objects.filter(condition, archivee_le__isnull=True)


def est_archivee(personne):
    """The file is in the intermediate archive: closed to every professional (the module's docstring)."""
    return personne.archivee_le is not None


# --- The people around a file: who invites, who answers, who ends -------------------------------

# Who works a file for an organisation, on either side of an invitation: its accompaniment roles and
# the responsable d'équipe who runs them.
ROLES_ENTOURAGE = ROLES_ACCOMPAGNEMENT | {Role.RESPONSABLE_EQUIPE}
EN_COURS = (StatutImplication.PROPOSEE, StatutImplication.ACCEPTEE)


def peut_inviter(user, personne):
    """The référent's side brings people into the file: an accompaniment role or the responsable
    d'équipe in the person's organisme référent. No query (the memberships are cached)."""
    if not est_professionnel_actif(user):
        return False
    if personne.organisme_referent_id is None or est_archivee(personne):
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_avec(ROLES_ENTOURAGE)


def est_responsable_de_l_organisme_referent(user, personne):
    """``user`` runs a team (responsable d'équipe) in the person's organisme référent. No query."""
    if not est_professionnel_actif(user) or personne.organisme_referent_id is None or est_archivee(personne):
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_equipe


def organisations_invitees_de(user):
    """The organisations for which ``user`` answers invitations (ids)."""
    if not est_professionnel_actif(user):
        return frozenset()
    return contexte_professionnel(user).organisations_avec(ROLES_ENTOURAGE)


def est_du_cote_invite(user, implication):
    """``user`` answers for the invited side: the professional named, or, when the whole organisation
    is invited, whoever works files there."""
    if implication.organisation_id not in organisations_invitees_de(user):
        return False
    return implication.professionnel_id in (None, user.pk)


def peut_repondre(user, implication):
    """Accepting or refusing is the invited side's, while the invitation is proposed."""
    if implication.statut != StatutImplication.PROPOSEE:
        return False
    return est_du_cote_invite(user, implication)


def peut_terminer(user, implication):
    """Either side ends an implication still proposed or accepted: the référent's side (withdrawing
    an invitation, or ending a co-accompaniment) or the invited side (stepping out)."""
    if implication.statut not in EN_COURS:
        return False
    if peut_inviter(user, implication.personne):
        return True
    return est_du_cote_invite(user, implication)


def invitations_recues(user):
    """The invitations waiting for ``user``'s answer (a queryset): proposed, to one of the
    organisations they work files for, to the whole organisation or to them by name."""
    organisations = organisations_invitees_de(user)
    if not organisations:
        return Implication.objects.none()
    return Implication.objects.filter(
        statut=StatutImplication.PROPOSEE, organisation_id__in=organisations, personne__archivee_le__isnull=True
    ).ouvertes_a(user)


def invitation_recue(user, pk):
    """One invitation waiting for ``user``'s answer, with what its page shows, or 404. What the invited
    side reads before accepting: the person's name, who invites, the role and the reason."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= _PK_MAX:
        raise Http404
    implication = (
        invitations_recues(user)
        .select_related("personne", "organisation", "created_by", "personne__organisme_referent")
        .filter(pk=pk)
        .first()
    )
    if implication is None:
        raise Http404
    journaliser_lecture(
        user, implication.personne, partie=PartieDossier.ENTOURAGE, organisation_id=implication.organisation_id
    )
    return implication


__all__ = [
    "PartieDossier",
    "acces_personne",
    "est_archivee",
    "est_du_cote_invite",
    "est_la_personne",
    "invitation_recue",
    "invitations_recues",
    "journaliser_lecture",
    "organisation_donnant_acces",
    "personnes_visibles",
    "peut_inviter",
    "peut_repondre",
    "peut_terminer",
]
