from django.urls import path

from . import api, views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<slug:slug>/", views.consultation_page, name="page"),
    path("<slug:slug>/merci/", views.thanks_page, name="thanks"),
    path("<slug:slug>/embed/", views.consultation_embed, name="embed"),
    path("<slug:slug>/embed/merci/", views.embed_thanks, name="embed_thanks"),
    path("<slug:slug>/resultats/", views.restitution, name="restitution"),
    path("<slug:slug>/answers.json", api.answers_json, name="answers_json"),
]
