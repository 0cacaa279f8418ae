"""The control teams' and deciders' side, included in the ``backoffice`` namespace (/conseiller/)."""

urlpatterns = []
