from django.core.management.base import BaseCommand

from cms.ops.groups import setup_groups


class Command(BaseCommand):
    help = (
        "Crée ou complète les groupes Rédacteur·rice·s, Modérateur·rice·s et Analystes des "
        "consultations (peut être relancée sans risque)."
    )

    def handle(self, *args, **options):
        for name, count in setup_groups().items():
            self.stdout.write(f"Groupe « {name} » : {count} permission(s).")
