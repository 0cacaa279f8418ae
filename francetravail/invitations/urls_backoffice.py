"""The professionals' side of invitations, included in the ``backoffice`` namespace (/conseiller/)."""

urlpatterns = []
