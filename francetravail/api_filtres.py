"""Filters shared by the API's resources (django-filter).

``IdentifiantFiltre``: an id (an integer, documented as such: django-filter's NumberFilter is a decimal,
which the schema said « number » and generated clients typed as a float).

``DateHeureFiltre``: a date and time in ISO 8601 whose UTC offset is one the world uses (−12:00 to
+14:00). An offset beyond ±15:59 is refused by PostgreSQL itself, which was a server error; schemathesis
found it. Now a 400 problem+json names the parameter.
"""

from datetime import timedelta

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

DECALAGE_MIN = timedelta(hours=-12)
DECALAGE_MAX = timedelta(hours=14)


class ChampDateHeure(IsoDateTimeField):
    def to_python(self, value):
        valeur = super().to_python(value)
        decalage = valeur.utcoffset() if valeur is not None else None
        if decalage is not None and not DECALAGE_MIN <= decalage <= DECALAGE_MAX:
            raise forms.ValidationError(
                "Décalage horaire invalide : il doit être compris entre -12:00 et +14:00.", code="invalid"
            )
        return valeur


class DateHeureFiltre(django_filters.IsoDateTimeFilter):
    field_class = ChampDateHeure


@extend_schema_field(OpenApiTypes.INT)
class IdentifiantFiltre(django_filters.NumberFilter):
    field_class = forms.IntegerField
