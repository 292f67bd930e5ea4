from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "cms.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms.core.signals import guide_loaded

        from .loading import load_consultations
        from .models import Consultation
        from .views import forget_consultations

        for signal in (post_save, post_delete):
            signal.connect(
                forget_consultations, sender=Consultation, dispatch_uid="consultations.forget"
            )

        def add_consultations(report, reset, user, **kwargs):
            load_consultations(report=report, reset=reset, user=user)

        # load_guide() also loads the example consultations shipped with the guide.
        guide_loaded.connect(
            add_consultations, weak=False, dispatch_uid="consultations.load_consultations"
        )
