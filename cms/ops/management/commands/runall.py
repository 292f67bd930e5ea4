"""`make run`: the web server, the background worker and its scheduler, started and stopped
together, so that publishing from the admin and scheduled publishing work on a laptop
without a second terminal."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# Seconds a child gets to stop after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Lance ensemble le serveur web de développement, le processus des tâches en "
        "arrière-plan (publication du site, PDF) et la publication programmée ; les arrête "
        "ensemble (Ctrl+C)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--worker-interval",
            default="1",
            help="Secondes entre deux regards du processus de tâches sur la file.",
        )

    def handle(self, *args, addrport, worker_interval, **options):
        manage = [sys.executable, "manage.py"]
        commands = {
            "web": [*manage, "runserver", addrport],
            "worker": [
                *manage,
                "db_worker",
                "--backend",
                "background",
                "--queue-name",
                "*",
                "--no-reload",
                "--interval",
                worker_interval,
            ],
        }
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(
            self.style.SUCCESS(f"Administration : http://{host}/admin/  (compte admin)")
        )
        self.stdout.write(
            "Serveur web, tâches en arrière-plan et publication programmée lancés ; "
            "Ctrl+C arrête les trois."
        )
        # The serving address, for links written outside a request (cms.settings.dev).
        env = {**os.environ, "DEV_SERVER_URL": f"http://{host}"}
        children = {}
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            for name, command in commands.items():
                # Each child leads its own process group: runserver's autoreloader child
                # is stopped with it.
                children[name] = subprocess.Popen(command, start_new_session=True, env=env)  # noqa: S603
            while not stopping:
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    self.stderr.write(f"« {ended[0]} » s'est arrêté : arrêt des autres processus.")
                    break
                time.sleep(0.5)
        finally:
            self._stop_all(children.values())

    def _stop_all(self, children):
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
