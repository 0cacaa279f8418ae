from django.urls import path

from entreprises import views

app_name = "entreprises"

urlpatterns = [
    path("", views.espace, name="espace"),
]
