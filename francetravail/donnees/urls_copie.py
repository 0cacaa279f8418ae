"""The copy of one's file, in the person's space (mounted under mon-espace/mes-donnees/)."""

urlpatterns = []
