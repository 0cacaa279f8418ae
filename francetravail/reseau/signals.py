"""Keeps the cached professional contexts (``roles.py``) in step with the database."""

from django.contrib.auth import get_user_model
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save

from francetravail.reseau.models import Membership, Organisation
from francetravail.reseau.roles import invalider, oublier_modifications_en_cours


def _membership_change(sender, instance, **kwargs):
    invalider({instance.user_id})


def _organisation_change(sender, instance, **kwargs):
    invalider(set(Membership.objects.filter(organisation_id=instance.pk).values_list("user_id", flat=True)))


def _user_change(sender, instance, **kwargs):
    invalider({instance.pk})


def connecter():
    for signal in (post_save, post_delete):
        signal.connect(_membership_change, sender=Membership, dispatch_uid="reseau_ctx_membership")
        signal.connect(_organisation_change, sender=Organisation, dispatch_uid="reseau_ctx_organisation")
        signal.connect(_user_change, sender=get_user_model(), dispatch_uid="reseau_ctx_user")
    request_started.connect(oublier_modifications_en_cours, dispatch_uid="reseau_ctx_request")
