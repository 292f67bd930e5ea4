"""On an empty database (no user at all): load the guide, create the admin and the groups,
as `make setup` does on a laptop. On a database already in use: nothing, so `make
serve-prod` can run it at every start without touching editors' work."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Premier déploiement : guide, compte admin et groupes si la base est vide."

    def handle(self, *args, **options):
        if get_user_model().objects.exists():
            self.stdout.write("Base déjà utilisée : rien à charger.")
            return
        call_command("load_guide")
        call_command("ensure_admin")
        call_command("setup_groups")
        self.stdout.write(
            self.style.SUCCESS("Premier déploiement : guide, admin et groupes chargés.")
        )
