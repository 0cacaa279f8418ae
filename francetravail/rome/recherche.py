"""The job-title autocomplete: what a person or a professional types → ROME appellations.

Labels are compared by their key (``ft_cle_nom``: upper case, no accents) so that
"electricien" finds "Électricien", and by trigrams (pg_trgm) so that "boulenger"
still finds "Boulanger". Both conditions are read from the GIN trigram index
``rome_appellation_cle_trgm``, whose expression they repeat exactly.
"""

import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Concat, Length

from francetravail.personnes.cle_nom import CleNom
from francetravail.rome.models import Appellation, FicheRome

# A ROME code typed in the box (any case): its fiche's appellations come first.
CODE_ROME = re.compile(r"^[A-N]\d{4}$", re.IGNORECASE)
# Longer input is not a job title; capping it bounds the trigram work.
LONGUEUR_MAX = 100


def rechercher_appellations(texte, limite=20):
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    if len(texte) < 2:
        return []
    cle = CleNom(Value(texte))
    # Q(pk__in=[]) matches nothing: Django drops it from the OR and from the Case.
    par_code = Q(fiche_id=texte.upper()) if CODE_ROME.match(texte) else Q(pk__in=[])
    if len(texte) < 3:
        # Two letters make no trigram: they would match thousands of labels, each to
        # be scored (a quarter of a second). Beginnings of labels are what is meant.
        correspond = Q(cle_libelle__startswith=cle)
    else:
        # contains: every label that holds the input as is; trigram_word_similar
        # (%>): the ones within a typo or two of a word of the label.
        correspond = Q(cle_libelle__contains=cle) | Q(cle_libelle__trigram_word_similar=cle)
    qs = (
        Appellation.objects.select_related("fiche")
        .alias(cle_libelle=CleNom("libelle_long"))
        .filter(par_code | correspond)
        .annotate(
            rang=Case(
                When(par_code, then=Value(0)),
                # Labels read "masculine / feminine [qualifier]": either form typed in
                # full is exact; the length order then puts "Boulanger / Boulangère"
                # before "Boulanger / Boulangère industrielle".
                When(
                    Q(cle_libelle=cle)
                    | Q(cle_libelle__startswith=Concat(cle, Value(" / ")))
                    | Q(cle_libelle__endswith=Concat(Value(" / "), cle)),
                    then=Value(1),
                ),
                When(cle_libelle__startswith=cle, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            proximite=TrigramWordSimilarity(cle, CleNom("libelle_long")),
        )
        .order_by("rang", "-proximite", Length("libelle_long"), "libelle_long")
    )
    return list(qs[:limite])


# « Boulanger / Boulangère (D1102) »: what the autocomplete writes; the code decides.
LIBELLE_ET_CODE = re.compile(r"^(.*?)\s*\(\s*([A-N]\d{4})\s*\)$", re.IGNORECASE)
CHOIX_MAX = 8


def resoudre_metier(texte):
    """The ROME code ``texte`` designates: a code (« N1101 »), « intitulé (D1102) », a sheet's label, or
    an appellation typed in full or by one of its forms (« Boulanger » or « Boulangère » for
    « Boulanger / Boulangère »), accents and case ignored. Raises ``ValidationError`` in French when
    no sheet or several sheets match, naming the choices. One query."""
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    if (trouve := LIBELLE_ET_CODE.match(texte)) is not None:
        texte = trouve.group(2)
    if CODE_ROME.match(texte):
        code = texte.upper()
        if not FicheRome.objects.filter(code_rome=code).exists():
            raise ValidationError("Code ROME inconnu du référentiel : %(code)s.", params={"code": code})
        return code
    if not texte:
        raise ValidationError("Indiquez le métier.")
    cle = CleNom(Value(texte))
    appellations = list(
        Appellation.objects.select_related("fiche")
        .alias(cle_libelle=CleNom("libelle_long"), cle_fiche=CleNom("fiche__libelle"))
        .filter(
            Q(cle_libelle=cle)
            | Q(cle_fiche=cle)
            | Q(cle_libelle__startswith=Concat(cle, Value(" / ")))
            | Q(cle_libelle__endswith=Concat(Value(" / "), cle))
        )
        .annotate(
            rang=Case(
                When(Q(cle_libelle=cle) | Q(cle_fiche=cle), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rang", Length("libelle_long"), "libelle_long")[: CHOIX_MAX * 3]
    )
    # A label typed in full (or a sheet's own label) wins over a form shared by several labels.
    exacts = {a.fiche_id for a in appellations if a.rang == 0}
    fiches = exacts or {a.fiche_id for a in appellations}
    if len(fiches) == 1:
        return fiches.pop()
    if not fiches:
        raise ValidationError(
            "Aucun métier ne s'appelle « %(texte)s » : choisissez-le dans les suggestions, ou tapez son code ROME.",
            params={"texte": texte},
        )
    vus, choix = set(), []
    for a in appellations:
        if a.fiche_id in fiches and a.fiche_id not in vus:
            vus.add(a.fiche_id)
            choix.append(f"« {a.libelle_long} ({a.fiche_id}) »")
    raise ValidationError(
        "Plusieurs métiers correspondent à « %(texte)s » : choisissez parmi %(choix)s.",
        params={"texte": texte, "choix": ", ".join(choix[:CHOIX_MAX]) + (" …" if len(choix) > CHOIX_MAX else "")},
    )
