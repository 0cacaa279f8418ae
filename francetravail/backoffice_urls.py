"""The professionals' back-office (/conseiller/): one namespace across the core apps."""

from django.urls import path

from contrats import urls_backoffice as contrats_urls
from diagnostic import urls_backoffice as diagnostic_urls
from entreprises import urls_backoffice as entreprises_urls
from francetravail.accompagnement import urls_backoffice as accompagnement_urls
from francetravail.donnees import urls_archives as donnees_archives_urls
from francetravail.donnees import urls_backoffice_copie as copie_dossier_urls
from francetravail.donnees import urls_backoffice_rectification as rectification_urls
from francetravail.donnees import urls_registre as registre_purges_urls
from francetravail.invitations import urls_backoffice as invitations_urls
from francetravail.messagerie import urls_backoffice as messagerie_urls
from francetravail.notifications import urls_backoffice as notifications_urls
from francetravail.partenaires import urls_backoffice as partenaires_urls
from francetravail.personnes import urls_backoffice as personnes_urls
from francetravail.personnes.views import conseiller
from francetravail.referents import urls_backoffice as referents_urls
from francetravail.rendezvous import urls_backoffice as rendezvous_urls
from francetravail.reseau import urls_backoffice as reseau_urls
from inscription import urls_backoffice as inscription_urls
from orientation import urls_backoffice as orientation_urls
from sanctions import urls_backoffice as sanctions_urls

app_name = "backoffice"

urlpatterns = [
    path("", conseiller.accueil, name="accueil"),
    path("personnes/", conseiller.liste_personnes, name="personnes"),
    path("personnes/export.csv", conseiller.exporter_personnes, name="personnes_export"),
    path("personnes/colonnes/", conseiller.colonnes_portefeuille, name="personnes_colonnes"),
    path("personnes/<int:pk>/", conseiller.fiche_personne, name="fiche_personne"),
    path("personnes/<int:pk>/historique/", conseiller.historique_personne, name="historique_personne"),
    path("recherche/", conseiller.recherche, name="recherche"),
    *inscription_urls.urlpatterns,
    *reseau_urls.urlpatterns,
]
urlpatterns += rendezvous_urls.urlpatterns
urlpatterns += invitations_urls.urlpatterns
urlpatterns += orientation_urls.urlpatterns
urlpatterns += diagnostic_urls.urlpatterns
urlpatterns += contrats_urls.urlpatterns
urlpatterns += messagerie_urls.urlpatterns
urlpatterns += sanctions_urls.urlpatterns
urlpatterns += entreprises_urls.urlpatterns
urlpatterns += notifications_urls.urlpatterns
urlpatterns += referents_urls.urlpatterns
urlpatterns += accompagnement_urls.urlpatterns
urlpatterns += personnes_urls.urlpatterns
urlpatterns += partenaires_urls.urlpatterns
urlpatterns += registre_purges_urls.urlpatterns
urlpatterns += copie_dossier_urls.urlpatterns
urlpatterns += rectification_urls.urlpatterns
urlpatterns += donnees_archives_urls.urlpatterns
