"""The network's side of the employers' area, included in the ``backoffice`` namespace (/conseiller/)."""

from entreprises.routes import appariement, candidatures, compte, offres

urlpatterns = compte.backoffice + offres.backoffice + appariement.backoffice + candidatures.backoffice
