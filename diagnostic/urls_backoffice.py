"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

urlpatterns = []
