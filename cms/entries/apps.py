from django.apps import AppConfig
from django.conf import settings


class EntriesConfig(AppConfig):
    name = "cms.entries"
    label = "entries"
    verbose_name = "Entrées du guide"

    def ready(self):
        from cms.ops.worker import register_periodic

        from .reminders import send_review_reminders

        # The worker's scheduler e-mails owners about their entries due for review.
        register_periodic(
            "review_reminders", send_review_reminders, settings.REVIEW_REMINDER_SECONDS
        )
