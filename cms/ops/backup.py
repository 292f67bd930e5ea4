"""What a content backup holds: everything editors and residents made, nothing derived.

docs/deploy.md gives the commands; tests/cms/ops/test_backup.py restores one.
"""

# Rebuilt by migrate / update_index / the application itself, or worthless after a restore.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    # The page history keeps rows of deleted pages, which a natural-key dump cannot name;
    # pg_dump (docs/deploy.md) keeps the history.
    "wagtailcore.pagelogentry",
    "axes",
    "django_tasks_database",
    "ops",
]


def dumpdata_options():
    # Natural foreign keys because content types get new ids in a new database; primary
    # keys kept as they are (Wagtail 8 collections cannot be rebuilt from natural ones).
    return {"natural_foreign": True, "exclude": EXCLUDED}
