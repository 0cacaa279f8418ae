from django.urls import path

from francetravail.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.telecharger, name="telecharger"),
]
