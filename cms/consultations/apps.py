from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "cms.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from cms.core.signals import guide_loaded

        from .loading import load_consultations

        def add_consultations(report, reset, user, **kwargs):
            load_consultations(report=report, reset=reset, user=user)

        # load_guide() also loads the example consultations shipped with the guide.
        guide_loaded.connect(
            add_consultations, weak=False, dispatch_uid="consultations.load_consultations"
        )
