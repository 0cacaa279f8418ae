from django.db.models import Q

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
    nom = nom.strip()
    qs = Personne.objects.filter(Q(nom_naissance__unaccent__iexact=nom) | Q(nom_usage__unaccent__iexact=nom))
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
