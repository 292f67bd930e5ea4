from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "cms.entries"
    label = "entries"
    verbose_name = "Entrées du guide"
