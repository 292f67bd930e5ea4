from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "ops"
    verbose_name = "Exploitation"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
