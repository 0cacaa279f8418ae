from django.contrib import admin
from django.urls import include, path

from francetravail.comptes.views import connexion_administration
from francetravail.pages import views as pages_views

admin.site.site_header = "Administration du réseau France Travail"
admin.site.site_title = "Administration — Réseau France Travail"
admin.site.index_title = "Référentiels, organisations, comptes et paramètres"
# The admin logs in through allauth like every other page: second factor, rate limits, lockout.
admin.site.login = connexion_administration

urlpatterns = [
    path("", include("francetravail.pages.urls")),
    path("healthz", pages_views.healthz, name="healthz"),
    path("comptes/", include("allauth.urls")),
    path("mon-espace/inscription/", include("inscription.urls")),
    path("mon-espace/rendez-vous/", include("francetravail.rendezvous.urls")),
    path("mon-espace/orientation/", include("orientation.urls")),
    path("mon-espace/diagnostic/", include("diagnostic.urls")),
    path("mon-espace/contrat/", include("contrats.urls")),
    path("mon-espace/messages/", include("francetravail.messagerie.urls")),
    path("mon-espace/notifications/", include("francetravail.notifications.urls")),
    path("mon-espace/sanctions/", include("sanctions.urls")),
    path("mon-espace/emploi/", include("entreprises.urls_espace")),
    path("mon-espace/mes-donnees/", include("francetravail.donnees.urls")),
    path("mon-espace/", include("francetravail.personnes.urls")),
    path("rdv/", include("francetravail.invitations.urls")),
    path("pieces-jointes/", include("francetravail.documents.urls")),
    path("webhooks/", include("francetravail.notifications.urls_webhooks")),
    path("conseiller/", include("francetravail.backoffice_urls")),
    path("entreprise/", include("entreprises.urls")),
    path("referentiels/rome/", include("francetravail.rome.urls")),
    path("referentiels/communes/", include("francetravail.reseau.urls_referentiels")),
    path("api/", include("francetravail.api")),
    path("admin/", admin.site.urls),
]

handler404 = "francetravail.pages.views.erreur_404"
handler500 = "francetravail.pages.views.erreur_500"

# No route serves MEDIA_ROOT, in any settings (DEBUG included): stored documents (contract PDFs,
# scans, sanction letters, CAF files) are served only by gated, logged views
# (francetravail.base.stockage).
