import functools

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q, Value

from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.models import Personne

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
    )


@functools.cache
def _sql_fiche():
    sql, params = fiche().filter(pk=0).query.sql_with_params()
    if list(params) != [0]:
        raise ImproperlyConfigured(f"La requête de la fiche attend le seul identifiant, pas {params!r}.")
    return sql


def charger_fiche(pk):
    """``fiche()`` for one person, or None.

    The person page is the most read page of the back-office, and compiling this
    queryset costs more than running it (about 1.5 ms of the page's time,
    ``make bench``: person_page_vs_bare). The ORM compiles it once per process and
    the SQL is then run by primary key; the result is the same ``Personne``
    instance with the same annotations (tests/personnes/test_queries.py).
    """
    return next(iter(Personne.objects.raw(_sql_fiche(), [pk])), None)
