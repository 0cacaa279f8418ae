"""The référent's side, included in the ``backoffice`` namespace (/conseiller/)."""

urlpatterns = []
