"""Hooks for the consultations app, filled in once its models exist."""


def version_sql_parts():
    return []


def extend_openapi(document):
    return document
