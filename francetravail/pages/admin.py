"""The site's DSFR settings (header, footer texts): reference data, about no person."""

import dsfr.admin  # noqa: F401 — registered by django-dsfr, declared below
from django.contrib import admin
from dsfr.models import DsfrConfig

from francetravail.base.admin import declarer_reference

declarer_reference(admin.site, DsfrConfig)
