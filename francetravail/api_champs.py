"""Shapes several API resources share (one schema component each: drf-spectacular names them by class)."""

from rest_framework import serializers


class OrganisationNommeeSerializer(serializers.Serializer):
    """Une organisation du réseau : son identifiant et son nom."""

    id = serializers.IntegerField(help_text="Identifiant de l'organisation (référentiel des organisations).")
    nom = serializers.CharField(help_text="Nom de l'organisation.")
