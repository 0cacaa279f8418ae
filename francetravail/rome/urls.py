"""Under /referentiels/rome/."""

from django.urls import path

from francetravail.rome import views

app_name = "rome"

urlpatterns = [
    path("appellations/", views.appellations, name="appellations"),
]
