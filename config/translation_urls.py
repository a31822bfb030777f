from django.urls import path

from . import views_translations

app_name = "translations"

urlpatterns = [
    path("", views_translations.status, name="status"),
    path("<str:model_label>/<int:pk>/<str:language>/", views_translations.translate, name="translate"),
]
