from django.urls import path, re_path

from . import answers_json, views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<slug:slug>/", views.consultation_page, name="page"),
    path("<slug:slug>/merci/", views.thanks_page, name="thanks"),
    path("<slug:slug>/embed/", views.consultation_embed, name="embed"),
    path("<slug:slug>/embed/merci/", views.embed_thanks, name="embed_thanks"),
    path("<slug:slug>/resultats/", views.restitution, name="restitution"),
    # Any address ending in answers.json, so a client that gets the slug wrong (or sends
    # one that is not a slug at all) still receives a JSON 404, never an HTML page.
    re_path(r"^(?P<slug>.*)/answers\.json$", answers_json.answers_json, name="answers_json"),
]
