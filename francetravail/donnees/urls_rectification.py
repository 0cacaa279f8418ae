"""Rectification requests, in the person's space (mounted under mon-espace/mes-donnees/)."""

urlpatterns = []
