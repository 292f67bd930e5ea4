import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Crée le compte « admin » s'il n'existe pas. Mot de passe : ADMIN_PASSWORD, "
        "sinon un mot de passe généré, affiché une seule fois."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            if os.environ.get("ADMIN_PASSWORD"):
                user = user_model.objects.get(username="admin")
                user.set_password(os.environ["ADMIN_PASSWORD"])
                user.save(update_fields=["password"])
                self.stdout.write(
                    "Compte « admin » : mot de passe mis à jour depuis ADMIN_PASSWORD."
                )
            else:
                self.stdout.write("Compte « admin » déjà présent (mot de passe inchangé).")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username="admin",
            email="admin@example.invalid",
            password=password,
            first_name="Admin",
            last_name="Participez",
        )
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(
                self.style.SUCCESS("Compte « admin » créé avec le mot de passe ADMIN_PASSWORD.")
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Compte « admin » créé. Mot de passe généré (affiché une seule fois) : {password}"
                )
            )
