import pghistory
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce


class Unite(models.TextChoices):
    HEURES = "heures", "heures"
    JOURS = "jours", "jours calendaires"
    SEMAINES = "semaines", "semaines"
    MOIS = "mois", "mois"
    POURCENT = "pourcent", "%"
    EUROS = "euros", "euros"
    ANS = "ans", "ans"
    BOOLEEN = "booleen", "oui (1) / non (0)"
    # A portfolio size (francetravail.accompagnement: target number of people per conseiller).
    PERSONNES = "personnes", "personnes"


class PorteeDepartementale(models.TextChoices):
    """Whether a département may have its own value of a key, and which (issue 15).

    Read on the key's national row: a figure of the law is the same everywhere; the
    département's options and the service targets are the département's to set, some only
    stricter than the national value; a few figures differ by territory by the texts
    themselves (recorded by national staff). ``francetravail.parametres.actions`` checks it
    when a row is written, ``lookup`` when a value is read (a row written before is ignored).
    """

    NATIONALE = "non", "Non : chiffre national, le même partout"
    TERRITORIALE = "territoriale", "Par territoire, fixée par les textes (équipe nationale seulement)"
    LIBRE = "libre", "Oui : choix du département"
    AU_PLUS = "au_plus", "Oui, plus strict seulement : au plus la valeur nationale"


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


@pghistory.track()
class ParametreLegal(models.Model):
    """A legal figure valid over a period, optionally for one département.

    A decision applies the value in force on the date that matters for it, so a new
    décret is a new row with its own ``valide_du``, not a code change. Two rows of
    the same key and scope can never overlap in time (exclusion constraint).
    """

    cle = models.CharField(
        "clé",
        max_length=80,
        help_text="Domaine et nom séparés par un point, ex. : contrat.heures_hebdo_minimum",
        validators=[
            RegexValidator(
                r"^[a-z0-9_]+(\.[a-z0-9_]+)+$",
                "La clé s'écrit en minuscules, chiffres et _, avec au moins un point (ex. : contrat.delai_signature).",
            )
        ],
    )
    libelle = models.CharField("libellé", max_length=250)
    valeur = models.DecimalField("valeur", max_digits=12, decimal_places=2)
    unite = models.CharField("unité", max_length=10, choices=Unite.choices)
    reference_legale = models.CharField(
        "référence légale", max_length=300, help_text="Article et texte, ex. : C. trav. R5412-7 (décret 2025-478)"
    )
    valide_du = models.DateField("valide du")
    valide_au = models.DateField("valide jusqu'au (exclu)", null=True, blank=True)
    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : valeur nationale.",
    )
    confirme = models.BooleanField(
        "confirmé par un texte",
        default=True,
        help_text="Décoché si la référence n'est pas confirmée : la valeur est alors une valeur prudente par défaut.",
    )
    note = models.TextField("note", blank=True)
    departemental = models.CharField(
        "valeur départementale possible",
        max_length=12,
        choices=PorteeDepartementale.choices,
        default=PorteeDepartementale.NATIONALE,
        help_text="Lu sur la valeur nationale : si un département peut fixer la sienne, et laquelle.",
    )

    class Meta:
        verbose_name = "paramètre légal"
        verbose_name_plural = "paramètres légaux"
        ordering = ["cle", "departement_id", "valide_du"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valide_au__isnull=True) | Q(valide_au__gt=F("valide_du")),
                name="parametre_periode_valide",
            ),
            ExclusionConstraint(
                name="parametre_sans_chevauchement",
                expressions=[
                    (F("cle"), RangeOperators.EQUAL),
                    (Coalesce("departement", Value("")), RangeOperators.EQUAL),
                    (DateRange("valide_du", "valide_au", Value("[)")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "Une autre valeur de ce paramètre est déjà en vigueur sur une partie de cette période."
                ),
            ),
        ]

    def __str__(self):
        portee = f" ({self.departement_id})" if self.departement_id else ""
        return f"{self.cle}{portee} = {self.valeur} {self.get_unite_display()} depuis le {self.valide_du:%d/%m/%Y}"
