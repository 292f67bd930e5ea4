"""Consultation answers and the XLSX export, for bench/run.py.

Run alone (`.venv/bin/python bench/answers.py`), it measures the answers on PostgreSQL
(a scratch database, created with psql and migrated on first use) and prints the rows
as JSON for bench/run.py to record.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FULL = os.environ.get("BENCH_SCALE", "quick") == "full"
# 300 answers per side even at the quick scale: at about 2 ms an answer, 80 made each side's
# timed window 0.2 s, and one neighbour's burst on this shared machine moved the ratio by
# several hundredths (0.69 to 0.75 at the same code).
ANSWERS = int(os.environ.get("BENCH_ANSWERS", 300))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3 if FULL else 1))
# The answers take three rounds at every scale (about 3 s each) and keep the median of the
# per-round ratios: in one round, a neighbour's burst on this shared machine decides the
# figure (0.64 to 0.71 at the same code in one hour).
ANSWER_ROUNDS = int(os.environ.get("BENCH_ANSWER_ROUNDS", max(3, ROUNDS)))
WARM_UP = 10
SLUG = "bench-consultation"
BARE_SLUG = "bench-ancre"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def answer_data(n):
    return {
        "q_engagement": random.choice(["Rendre compte", "Aller vers tou·te·s", "Former"]),
        "q_outils": ["Budget Participatif", "Paris Pétition"],
        "q_confiance": str(random.randint(1, 5)),
        "q_proposition": f"Proposition n° {n}",
        "q_commentaires": "Des réunions le soir, près de chez moi. " * 3,
        "q_arrondissement": str(n % 20 + 1),
        "q_age": "35-49",
        "site_web": "",
    }


def encoded(data):
    """What a browser sends for this form (no file field: urlencoded, not multipart)."""
    return {"data": urlencode(data, doseq=True), "content_type": FORM_CONTENT_TYPE}


def bare_data(data):
    return {
        "engagement": data["q_engagement"],
        "confiance": data["q_confiance"],
        "proposition": data["q_proposition"],
        "arrondissement": data["q_arrondissement"],
        "age": data["q_age"],
    }


def bench_answers(record, database="sqlite"):
    """Answers per second, posted one after the other in process, interleaved with two
    anchors through the same middleware: the bare view of the same answer (same fields,
    same row in the same table) and the 5-field bare view the issue measured first."""
    from django.test import Client
    from django.test.utils import override_settings

    from bench.urls import create_bare_table
    from cms.consultations.factories import ConsultationFactory
    from cms.consultations.models import Answer, Consultation

    with override_settings(
        ROOT_URLCONF="bench.urls",
        CONSULTATION_MIN_FILL_SECONDS=0,
        CONSULTATION_RATE_LIMIT="1000000/600",
        ALLOWED_HOSTS=["*"],
    ):
        create_bare_table()
        slugs = (SLUG, BARE_SLUG)
        Answer.objects.filter(consultation__slug__in=slugs).delete()
        Consultation.objects.filter(slug__in=slugs).delete()
        ConsultationFactory(slug=SLUG, title="Consultation de mesure")
        bare_pk = ConsultationFactory(slug=BARE_SLUG, title="Ancre de mesure").pk
        client = Client(REMOTE_ADDR="127.0.0.1")
        embed = f"/participez/consultations/{SLUG}/embed/"
        token_url = f"/participez/consultations/{SLUG}/answers.json"
        same_url = f"/bench/bare-same-answer/{bare_pk}/"
        ours, same, narrow = [], [], []
        statuses = set()

        # Warm-up, not timed: the first request of each side pays its one-time costs (URL
        # resolvers, the form class built for the consultation, prepared plans).
        warm = [answer_data(ANSWERS * ANSWER_ROUNDS + n) for n in range(WARM_UP)]
        for data in warm:
            token = json.loads(client.get(token_url).content)["token"]
            client.post(embed, **encoded({"jeton": token, **data}))
            client.post(same_url, **encoded(data))
            client.post("/bench/bare-answer/", **encoded(bare_data(data)))
        for _round in range(ANSWER_ROUNDS):
            tokens = [json.loads(client.get(token_url).content)["token"] for _ in range(ANSWERS)]
            answers = [answer_data(n) for n in range(ANSWERS)]
            sides = [
                (embed, [encoded({"jeton": t, **a}) for t, a in zip(tokens, answers, strict=True)]),
                (same_url, [encoded(a) for a in answers]),
                ("/bench/bare-answer/", [encoded(bare_data(a)) for a in answers]),
            ]
            seconds = [0.0, 0.0, 0.0]
            # One answer of each side in turn, the side that goes first rotating, each
            # side's requests timed and summed: on this shared machine a neighbour's burst
            # or a slow disk flush lasts from milliseconds to seconds, and timed in blocks
            # of 80 answers per side one block could take all of it.
            for n in range(ANSWERS):
                for side in (n % 3, (n + 1) % 3, (n + 2) % 3):
                    url, bodies = sides[side]
                    started = time.perf_counter()
                    status = client.post(url, **bodies[n]).status_code
                    seconds[side] += time.perf_counter() - started
                    if side == 0:
                        statuses.add(status)
            for rates, total in zip((ours, same, narrow), seconds, strict=True):
                rates.append(ANSWERS / total)
        stored = Answer.objects.filter(consultation__slug=SLUG).count()
        distinct = (
            Answer.objects.filter(consultation__slug=SLUG)
            .values("submission_token")
            .distinct()
            .count()
        )
        if not stored == distinct == ANSWERS * ANSWER_ROUNDS + WARM_UP:
            raise SystemExit(
                f"{stored} réponses enregistrées ({distinct} distinctes) sur "
                f"{ANSWERS * ANSWER_ROUNDS + WARM_UP} (HTTP {statuses})"
            )
    ours_rate = statistics.median(ours)
    ratios = [o / s for o, s in zip(ours, same, strict=True)]
    record(
        "Consultation answers",
        f"valid answers/s on {database}, one client in process ({ANSWERS} answers × "
        f"{ANSWER_ROUNDS}, all stored once); anchor: bare view, same fields, same row",
        f"{ours_rate:.0f}/s",
        f"bare view {statistics.median(same):.0f}/s",
        statistics.median(ratios),
    )
    record(
        "Consultation answers",
        "the same, against the first anchor (5 fields into a table without indexes)",
        f"{ours_rate:.0f}/s",
        f"bare view {statistics.median(narrow):.0f}/s",
        statistics.median([o / n for o, n in zip(ours, narrow, strict=True)]),
    )


def bench_xlsx(record, rows):
    """Time to the first byte of the XLSX export at `rows` answers; anchor: the CSV's."""
    import uuid

    from django.contrib.auth import get_user_model
    from django.test import Client

    from cms.consultations.models import Answer, Consultation

    consultation = Consultation.objects.get(slug=SLUG)
    missing = rows - consultation.answers.count()
    batch = [
        Answer(
            consultation=consultation,
            submission_token=uuid.uuid4(),
            data={
                "engagement": "Former",
                "outils": ["Budget Participatif", "Paris Pétition"],
                "confiance": n % 5 + 1,
                "proposition": "Une proposition",
                "commentaires": "Des réunions le soir, près de chez moi. " * 4,
                "arrondissement": n % 20 + 1,
                "age": "35-49",
            },
            arrondissement=n % 20 + 1,
            age_bracket="35-49",
        )
        for n in range(max(0, missing))
    ]
    Answer.objects.bulk_create(batch, batch_size=5000)
    user = get_user_model().objects.create_superuser(
        f"bench-{uuid.uuid4().hex[:8]}", "bench@example.invalid", str(uuid.uuid4())
    )
    client = Client()
    client.force_login(user)
    base = f"/admin/consultations-outils/{consultation.pk}/export."

    def first_byte(kind):
        started = time.perf_counter()
        response = client.get(base + kind)
        check(response.status_code == 200, (kind, response.status_code))
        if response.streaming:
            iterator = iter(response.streaming_content)
            next(iterator)
            seconds = time.perf_counter() - started
            response.close()
            return seconds
        return time.perf_counter() - started

    xlsx, csv = [], []
    for _ in range(ROUNDS):
        xlsx.append(first_byte("xlsx"))
        csv.append(first_byte("csv"))
    ours, anchor = statistics.median(xlsx), statistics.median(csv)
    record(
        "XLSX export",
        f"first byte of the XLSX export, {consultation.answers.count():,} answers",
        f"{ours:.2f} s",
        f"CSV first byte {anchor:.2f} s",
        ours / anchor,
    )


def postgres_database(url):
    """Create the scratch database if the server is there; None when it is not."""
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        exists = subprocess.run(
            ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],  # noqa: S608
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if exists.returncode != 0:
        return None
    if not exists.stdout.strip():
        subprocess.run(
            ["psql", server, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True
        )
    return url


def check(condition, detail):
    if not condition:
        raise SystemExit(f"Mesure impossible : {detail}")


def main():
    """On PostgreSQL: rows printed as JSON lines for bench/run.py."""
    url = postgres_database(os.environ["BENCH_POSTGRES_URL"])
    if url is None:
        print("NO-POSTGRES")
        return
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    def record(*row):
        print("ROW" + json.dumps(row))

    bench_answers(record, "PostgreSQL")


if __name__ == "__main__":
    main()
