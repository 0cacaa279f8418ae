import functools

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, F, IntegerField, Q, Value, When

from francetravail.comptes.models import User
from francetravail.messagerie.queries import nombre_non_lus_par_la_personne
from francetravail.notifications.queries import nombre_non_lues_du_compte
from francetravail.personnes.acces import ROLES_ENTOURAGE, invitations_recues
from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.enums import StatutImplication
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.models import Membership, Organisation

# The only fields the national search returns: identity, contact, organisme référent.
CHAMPS_RECHERCHE_NATIONALE = (
    "pk",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "email",
    "telephone",
    "commune__nom",
    "organisme_referent__nom",
)
LIMITE_RECHERCHE_NATIONALE = 20


def recherche_nationale(*, nom, prenom="", date_naissance=None):
    # Compared by their key (case and accents ignored), through the indexes on that key.
    cle = CleNom(Value(nom.strip()))
    qs = Personne.objects.alias(cle_naissance=CleNom("nom_naissance"), cle_usage=CleNom("nom_usage")).filter(
        Q(cle_naissance=cle) | (Q(cle_usage=cle) & ~Q(nom_usage=""))
    )
    if prenom:
        qs = qs.filter(prenoms__unaccent__icontains=prenom.strip())
    if date_naissance:
        qs = qs.filter(date_naissance=date_naissance)
    return list(
        qs.order_by("nom_naissance", "prenoms").values(*CHAMPS_RECHERCHE_NATIONALE)[:LIMITE_RECHERCHE_NATIONALE]
    )


def filtrer_nom(qs, q):
    q = (q or "").strip()
    if not q:
        return qs
    return qs.filter(
        Q(nom_naissance__unaccent__icontains=q)
        | Q(nom_usage__unaccent__icontains=q)
        | Q(prenoms__unaccent__icontains=q)
    )


def fiche():
    """The person page's query: the person plus the names it shows from related rows.

    The names come as columns of the same query (``organisme_referent_nom``,
    ``commune_nom``, ``referent_prenom``/``referent_nom``/``referent_email``) rather
    than through ``select_related``, which builds three more model instances.
    """
    return Personne.objects.annotate(
        organisme_referent_nom=F("organisme_referent__nom"),
        commune_nom=F("commune__nom"),
        referent_prenom=F("referent_unique__first_name"),
        referent_nom=F("referent_unique__last_name"),
        referent_email=F("referent_unique__email"),
        # The end of an accompaniment (inscription.actions.terminer_accompagnement), shown on the page.
        inscription_statut=F("inscription__statut"),
        inscription_cessee_le=F("inscription__cessee_le"),
        inscription_motif_cessation=F("inscription__motif_cessation"),
        inscription_motif_fin=F("inscription__motif_fin_accompagnement"),
    )


class ParIdentifiant:
    """A queryset compiled once per process, then run by one identifier: ``charger(valeur)``.

    The most read pages read one row by an indexed identifier, and compiling their
    queryset costs more than running it (about 1.5 ms of the person page's time,
    ``make bench``: person_page_vs_bare). The ORM compiles ``fabrique().filter(champ=…)``
    once, with a marker value in the identifier's place; each call runs that SQL with
    the identifier instead. The result is the same model instance, with the same
    annotations, as the ORM's (tests/personnes/test_queries.py), or None.
    """

    _MARQUEUR = -987_654_321

    def __init__(self, fabrique, champ):
        self.fabrique, self.champ = fabrique, champ

    @functools.cached_property
    def _compilee(self):
        queryset = self.fabrique().filter(**{self.champ: self._MARQUEUR})
        sql, params = queryset.query.sql_with_params()
        positions = [i for i, p in enumerate(params) if type(p) is int and p == self._MARQUEUR]
        if len(positions) != 1:
            raise ImproperlyConfigured(f"La requête attend l'identifiant une seule fois : {params!r}.")
        return queryset.model, sql, tuple(params), positions[0]

    def __call__(self, valeur):
        modele, sql, params, position = self._compilee
        params = [*params[:position], valeur, *params[position + 1 :]]
        return next(iter(modele.objects.raw(sql, params)), None)


# ``fiche()`` for one person by primary key: the person page (the back-office's most read).
charger_fiche = ParIdentifiant(fiche, "pk")


def espace():
    """The person's home page query: their own file plus what the page shows from other rows.

    As for the person page, names come as columns of the same query rather than
    through ``select_related``, and so do the registration status
    (``statut_inscription``, None without a registration file) and the unread
    messages of the organisme référent (``messages_non_lus``), a subquery.
    """
    return Personne.objects.annotate(
        organisme_referent_nom=F("organisme_referent__nom"),
        referent_prenom=F("referent_unique__first_name"),
        referent_nom=F("referent_unique__last_name"),
        referent_email=F("referent_unique__email"),
        statut_inscription=F("inscription__statut"),
        canal_inscription=F("inscription__canal"),
        # The end of the accompaniment, told on the page (inscription.actions.terminer_accompagnement).
        inscription_cessee_le=F("inscription__cessee_le"),
        inscription_motif_cessation=F("inscription__motif_cessation"),
        inscription_motif_fin=F("inscription__motif_fin_accompagnement"),
        messages_non_lus=nombre_non_lus_par_la_personne(),
        # The header's counter of unread notifications (layouts/_notifications.html), in the same query.
        notifications_non_lues=nombre_non_lues_du_compte(),
    )


# ``espace()`` for the person of one account: the person's home page.
charger_espace = ParIdentifiant(espace, "user_id")


# --- The people around a file ------------------------------------------------------------------


def implications_du_dossier(personne):
    """Every implication of ``personne``'s file, live ones first, with who was invited, by whom, and who
    answered or ended it: one query whatever their number (the person page and its « Les personnes
    autour du dossier » block read this)."""
    return list(
        Implication.objects.filter(personne_id=personne.pk)
        .select_related("organisation", "professionnel", "created_by", "accepted_by", "ended_by")
        .annotate(
            ordre_statut=Case(
                When(statut=StatutImplication.ACCEPTEE, then=Value(0)),
                When(statut=StatutImplication.PROPOSEE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("ordre_statut", "-debut", "-pk")
    )


def compter_invitations_recues(user):
    """How many invitations wait for ``user``'s answer: one query (the memberships it starts from are
    the request's cached professional context)."""
    return invitations_recues(user).count()


def liste_invitations_recues(user):
    """The invitations waiting for ``user``'s answer, oldest first, with what the list shows (one query)."""
    return list(
        invitations_recues(user)
        .select_related("personne", "organisation", "created_by", "professionnel")
        .order_by("debut", "pk")
    )


def groupe_de_la_personne(personne):
    """Who is in the person's group today, and since when: the implications in force (one query)."""
    return list(
        Implication.objects.actives()
        .filter(personne_id=personne.pk)
        .select_related("organisation", "professionnel")
        .order_by("debut", "pk")
    )


LIMITE_ORGANISATIONS = 20


def organisations_invitables(personne):
    """The active organisations of the person's département, but the organisme référent (a queryset):
    those the invitation form offers (the action checks the same)."""
    return Organisation.objects.filter(actif=True, departement_id=personne.departement_id).exclude(
        pk=personne.organisme_referent_id
    )


def organisations_a_inviter(personne, nom):
    """``organisations_invitables`` whose name contains ``nom`` (accents ignored): at most
    ``LIMITE_ORGANISATIONS``, one query."""
    return list(
        organisations_invitables(personne)
        .filter(nom__unaccent__icontains=nom)
        .order_by("nom", "pk")[:LIMITE_ORGANISATIONS]
    )


def professionnels_invitables(organisations):
    """The professionals who work files in one of ``organisations`` (whom an invitation may name)."""
    return User.objects.filter(
        pk__in=Membership.objects.actives()
        .filter(organisation__in=organisations, role__in=ROLES_ENTOURAGE)
        .values("user_id")
    ).order_by("last_name", "first_name", "pk")
