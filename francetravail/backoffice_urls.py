"""The professionals' back-office (/conseiller/): one namespace across the core apps."""

from django.urls import path

from contrats import urls_backoffice as contrats_urls
from diagnostic import urls_backoffice as diagnostic_urls
from entreprises import urls_backoffice as entreprises_urls
from francetravail.messagerie import urls_backoffice as messagerie_urls
from francetravail.personnes.views import conseiller
from francetravail.rendezvous import urls_backoffice as rendezvous_urls
from francetravail.reseau import views as reseau_views
from inscription import urls_backoffice as inscription_urls
from orientation import urls_backoffice as orientation_urls
from sanctions import urls_backoffice as sanctions_urls

app_name = "backoffice"

urlpatterns = [
    path("", conseiller.accueil, name="accueil"),
    path("personnes/", conseiller.liste_personnes, name="personnes"),
    path("personnes/<int:pk>/", conseiller.fiche_personne, name="fiche_personne"),
    path("recherche/", conseiller.recherche, name="recherche"),
    *inscription_urls.urlpatterns,
    path("organisations/<int:pk>/membres/", reseau_views.membres, name="membres"),
    path("organisations/<int:pk>/membres/<int:membership_pk>/retirer/", reseau_views.retirer, name="retirer_membre"),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/confirmer/",
        reseau_views.confirmer,
        name="confirmer_rattachement",
    ),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/refuser/",
        reseau_views.refuser,
        name="refuser_rattachement",
    ),
]
urlpatterns += rendezvous_urls.urlpatterns
urlpatterns += orientation_urls.urlpatterns
urlpatterns += diagnostic_urls.urlpatterns
urlpatterns += contrats_urls.urlpatterns
urlpatterns += messagerie_urls.urlpatterns
urlpatterns += sanctions_urls.urlpatterns
urlpatterns += entreprises_urls.urlpatterns
