"""The ROME 4.0 referential (France Travail), version 60, loaded by migration from ``data/``.

Reference data, read-only in the application: no history (pghistory) and no audit,
since nothing here is personal and rows change only with a new ROME version.
The hierarchy is grand domaine (``M``) → domaine professionnel (``M16``) → fiche
(``M1607``) → appellations (job titles people and employers actually type).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models

from francetravail.personnes.cle_nom import CleNom


class GrandDomaine(models.Model):
    code = models.CharField("code", max_length=1, primary_key=True)
    libelle = models.CharField("libellé", max_length=150)

    class Meta:
        verbose_name = "grand domaine ROME"
        verbose_name_plural = "grands domaines ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"


class DomaineProfessionnel(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    libelle = models.CharField("libellé", max_length=150)
    grand_domaine = models.ForeignKey(
        GrandDomaine, verbose_name="grand domaine", on_delete=models.PROTECT, related_name="domaines"
    )

    class Meta:
        verbose_name = "domaine professionnel ROME"
        verbose_name_plural = "domaines professionnels ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"


class FicheRome(models.Model):
    # The code itself is the key: diagnostics, offers and partner APIs exchange it as is.
    code_rome = models.CharField("code ROME", max_length=5, primary_key=True)
    libelle = models.CharField("libellé", max_length=150)
    domaine = models.ForeignKey(
        DomaineProfessionnel, verbose_name="domaine professionnel", on_delete=models.PROTECT, related_name="fiches"
    )

    class Meta:
        verbose_name = "fiche métier ROME"
        verbose_name_plural = "fiches métier ROME"
        ordering = ["code_rome"]

    def __str__(self):
        return f"{self.code_rome} — {self.libelle}"


class Appellation(models.Model):
    # The OGR code is France Travail's "code appellation", stable across ROME versions
    # (unlike ROME codes, some of which v61 reuses): store it, not the label.
    # Kept as text, as the France Travail APIs send it: an identifier, not a number.
    code_ogr = models.CharField("code OGR", max_length=10, primary_key=True)
    libelle_long = models.CharField("libellé", max_length=200)
    # Abbreviated by France Travail to 60 characters, for displays short of room.
    libelle_court = models.CharField("libellé court", max_length=100)
    fiche = models.ForeignKey(
        FicheRome, verbose_name="fiche métier", on_delete=models.PROTECT, related_name="appellations"
    )

    class Meta:
        verbose_name = "appellation ROME"
        verbose_name_plural = "appellations ROME"
        ordering = ["libelle_long"]
        indexes = [
            # The autocomplete compares keys (no case, no accents) by trigrams, to
            # forgive typos; this index serves both its LIKE and its %> operators.
            GinIndex(
                OpClass(CleNom("libelle_long"), name="gin_trgm_ops"),
                name="rome_appellation_cle_trgm",
            ),
        ]

    def __str__(self):
        return self.libelle_long
