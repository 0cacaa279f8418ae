import functools
import re
import weakref

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import JSONObject, Now, TruncDate
from psycopg import ClientCursor

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.messagerie.queries import nombre_non_lus_par_la_personne
from francetravail.notifications.queries import nombre_non_lues_du_compte
from francetravail.personnes import synthese
from francetravail.personnes.acces import ROLES_ENTOURAGE, invitations_recues
from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.enums import RoleImplication, StatutImplication
from francetravail.personnes.models import Implication, Personne
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous
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
    # An archived file is out of every search (personnes/acces.py): not even its identity is shown.
    qs = Personne.objects.alias(cle_naissance=CleNom("nom_naissance"), cle_usage=CleNom("nom_usage")).filter(
        Q(cle_naissance=cle) | (Q(cle_usage=cle) & ~Q(nom_usage="")), archivee_le__isnull=True
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
    """The person page's query: the person plus everything the page shows from related rows.

    The names come as columns of the same query (``organisme_referent_nom``,
    ``commune_nom``, ``referent_prenom``/``referent_nom``/``referent_email``) rather
    than through ``select_related``, which builds three more model instances. So do
    the next appointment, the organisations involved (``entourage``) and each app's
    facts for its block (``synthese.annoter``: correlated subqueries). Compiled once
    (``ParIdentifiant``): "now" is the database's ``Now()``, never a Python value.
    """
    return synthese.annoter(
        Personne.objects.annotate(
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
            prochain_rdv=_prochain_rdv(),
            entourage=_entourage(),
            # The latest events, for a reader who sees every kind and for one who sees none of the
            # restricted kinds (synthese.genres_restreints): the page picks one, no query more.
            derniers_evenements=_derniers_evenements(()),
            derniers_evenements_restreints=_derniers_evenements(sorted(synthese.genres_restreints())),
        )
    )


DERNIERS_EVENEMENTS = 5


def _derniers_evenements(exclus):
    evenements = AuditEvent.objects.filter(personne=OuterRef("pk"))
    for genre in exclus:
        evenements = evenements.exclude(event_type__startswith=f"{genre}.")
    return ArraySubquery(
        evenements.order_by("-at", "-pk").values(
            json=JSONObject(
                at="at",
                event_type="event_type",
                acting_user__first_name="acting_user__first_name",
                acting_user__last_name="acting_user__last_name",
                organisation__nom="organisation__nom",
                apres=KT("data__apres"),
            )
        )[:DERNIERS_EVENEMENTS]
    )


def derniers_evenements(personne, caches):
    """The latest events of ``personne`` (loaded by ``fiche()``) for a reader who may not see ``caches``,
    as rows of ``chronologie``; None when the page's columns do not answer (the caller then queries)."""
    if not caches:
        lignes = personne.derniers_evenements
    elif set(caches) == synthese.genres_restreints():
        lignes = personne.derniers_evenements_restreints
    else:
        return None
    resultat = []
    for ligne in map(synthese.lire_objet, lignes or ()):
        ligne["at"] = synthese.instant(ligne["at"])
        resultat.append(ligne)
    return resultat


def _prochain_rdv():
    prochain = RendezVous.objects.filter(
        personne=OuterRef("pk"), statut=StatutRendezVous.RESERVE, creneau__debut__gte=Now()
    ).order_by("creneau__debut", "pk")
    return synthese.objet(prochain, debut="creneau__debut", motif="creneau__motif")


def prochain_rdv(personne):
    """The next booked appointment loaded by ``fiche()``: {"debut": instant, "motif": code}, or None."""
    valeurs = synthese.lire_objet(personne.prochain_rdv)
    if not valeurs:
        return None
    return {"debut": synthese.instant(valeurs["debut"]), "motif": valeurs["motif"]}


def _entourage():
    """The involvements in force (``Implication.objects.actives()``, with the database's clock: the statement
    is prepared once), oldest first."""
    actives = Implication.objects.filter(
        Q(fin__isnull=True) | Q(fin__gt=Now()),
        Q(fin_prevue__isnull=True) | Q(fin_prevue__gte=TruncDate(Now())),
        statut=StatutImplication.ACCEPTEE,
        personne=OuterRef("pk"),
        debut__lte=Now(),
    ).order_by("debut", "pk")
    return ArraySubquery(
        actives.values(
            json=JSONObject(
                organisation="organisation__nom", role="role", motif="motif", debut="debut", fin="fin_prevue"
            )
        )
    )


def entourage(personne):
    """``personne.entourage`` (loaded by ``fiche()``) as dicts with dates: the organisations around the file."""
    lignes = []
    for ligne in personne.entourage or ():
        valeurs = synthese.lire_objet(ligne)
        lignes.append(
            {
                "organisation": valeurs["organisation"],
                "role": RoleImplication(valeurs["role"]).label if valeurs.get("role") else "",
                "motif": valeurs["motif"],
                "debut": synthese.instant(valeurs["debut"]),
                "fin": synthese.jour(valeurs["fin"]) if valeurs["fin"] else None,
            }
        )
    return lignes


class ParIdentifiant:
    """A queryset compiled once per process, then run by one identifier: ``charger(valeur)``.

    The most read pages read one row by an indexed identifier, and compiling their
    queryset costs more than running it (about 1.5 ms of the person page's time,
    ``make bench``: person_page_vs_bare). The ORM compiles ``fabrique().filter(champ=…)``
    once, with a marker value in the identifier's place; each call runs that SQL with
    the identifier instead. The result is the same model instance, with the same
    annotations, as the ORM's (tests/personnes/test_queries.py), or None.

    ``preparee``: the name of a server-side prepared statement. Then PostgreSQL also plans the
    query once per connection rather than at each call: the person page's query gathers every
    step's facts in correlated subqueries, and planning them cost ten times running them
    (``make bench``). The statement is the compiled SQL with its constant parameters written
    as literals (psycopg's quoting) and the identifier as ``$1``; it is prepared on each
    database connection the first time it is used there (a prepared statement outlives a
    rolled-back transaction, and dies with its connection).
    """

    _MARQUEUR = -987_654_321
    _LITTERAL_MARQUEUR = re.compile(rf"\s?{_MARQUEUR}\b")

    def __init__(self, fabrique, champ, *, preparee=None):
        self.fabrique, self.champ, self.preparee = fabrique, champ, preparee
        self._connexions = weakref.WeakSet()

    @functools.cached_property
    def _compilee(self):
        queryset = self.fabrique().filter(**{self.champ: self._MARQUEUR})
        sql, params = queryset.query.sql_with_params()
        positions = [i for i, p in enumerate(params) if type(p) is int and p == self._MARQUEUR]
        if len(positions) != 1:
            raise ImproperlyConfigured(f"La requête attend l'identifiant une seule fois : {params!r}.")
        return queryset.model, sql, tuple(params), positions[0]

    def texte_prepare(self, brute):
        """The statement's SQL: the constants as literals, the identifier as ``$1``."""
        _, sql, params, _ = self._compilee
        with ClientCursor(brute) as curseur:
            texte = curseur.mogrify(sql, list(params))
        texte, nombre = self._LITTERAL_MARQUEUR.subn(" $1", texte)
        if nombre != 1:
            raise ImproperlyConfigured(f"L'identifiant paraît {nombre} fois dans la requête préparée.")
        return texte

    def oublier(self):
        """Drops the prepared statement on this connection: the next call prepares it again (the SQL
        snapshot of the person page records it that way, tests/snapshots/test_pages_sql.py)."""
        brute = connection.connection
        if self.preparee is not None and brute is not None and brute in self._connexions:
            with connection.cursor() as curseur:
                curseur.execute(f"DEALLOCATE {self.preparee}")
            self._connexions.discard(brute)

    def __call__(self, valeur):
        modele, sql, params, position = self._compilee
        if self.preparee is None:
            params = [*params[:position], valeur, *params[position + 1 :]]
            return next(iter(modele.objects.raw(sql, params)), None)
        connection.ensure_connection()
        brute = connection.connection
        if brute not in self._connexions:
            with connection.cursor() as curseur:
                curseur.execute(f"PREPARE {self.preparee} AS {self.texte_prepare(brute)}")
            self._connexions.add(brute)
        return next(iter(modele.objects.raw(f"EXECUTE {self.preparee}(%s)", [valeur])), None)


# ``fiche()`` for one person by primary key: the person page (the back-office's most read).
charger_fiche = ParIdentifiant(fiche, "pk", preparee="fiche_personne")


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


# The person's timeline: the audit events about their file (francetravail/audit), by kind. A kind is
# the prefix of the event type (``TypeEvenement``: "contrat.signe" is of kind "contrat").
GENRES_EVENEMENTS = (
    ("inscription", "Inscription et accompagnement"),
    ("referents", "Référent unique"),
    ("accompagnement", "Modalité d’accompagnement"),
    ("orientation", "Orientation"),
    ("rendezvous", "Rendez-vous"),
    ("diagnostic", "Diagnostic"),
    ("contrat", "Contrat d’engagement"),
    ("sanction", "Manquements et sanctions"),
    ("entreprise", "Recherche d’emploi"),
    ("messagerie", "Messages"),
    ("personne", "Dossier et coordonnées"),
)
_LIBELLES_EVENEMENTS = dict(TypeEvenement.choices)
_PRECISION = re.compile(r" \(.*\)$")


def chronologie(personne_id, *, genre="", caches=()):
    """The audit events about ``personne_id``, newest first, as dicts (``libelle`` in French).

    ``genre``: only that kind; ``caches``: kinds the reader may not see (``synthese.genres_caches``).
    A queryset of values: the caller slices or paginates it (one query a page, whatever the history).
    """
    qs = AuditEvent.objects.filter(personne_id=personne_id)
    for cache in sorted(caches):
        qs = qs.exclude(event_type__startswith=f"{cache}.")
    if genre:
        qs = qs.filter(event_type__startswith=f"{genre}.")
    return qs.order_by("-at", "-pk").values(
        "pk",
        "at",
        "event_type",
        "acting_user__first_name",
        "acting_user__last_name",
        "organisation__nom",
        apres=KT("data__apres"),
    )


def libelle_evenement(ligne):
    """The French label of a row of ``chronologie`` (with the state a transition reached), and its author."""
    auteur = " ".join(n for n in (ligne["acting_user__first_name"], ligne["acting_user__last_name"]) if n)
    genre = ligne["event_type"].split(".", 1)[0]
    libelle = _LIBELLES_EVENEMENTS.get(ligne["event_type"], ligne["event_type"])
    etat = synthese.libelle_etat(genre, ligne["apres"])
    if etat:
        # « Étape d'un rendez-vous (proposition, réservation…) » says which steps exist: the state says which one.
        libelle = f"{_PRECISION.sub('', libelle)} : {etat}"
    return {
        "at": ligne["at"],
        "libelle": libelle,
        "auteur": auteur,
        "organisation": ligne["organisation__nom"] or "",
    }


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
        .sans_comptes_techniques()
        .filter(organisation__in=organisations, role__in=ROLES_ENTOURAGE)
        .values("user_id")
    ).order_by("last_name", "first_name", "pk")
