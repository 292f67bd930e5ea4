"""Signals that let a lower layer announce an event to the apps built on it."""

from django.dispatch import Signal

# Sent by cms.entries.loading.load_guide() at its end, inside its transaction, with
# `report`, `reset` and `user`: the apps above the entries (pages, consultations) add
# their own default content then, without the entries importing them.
guide_loaded = Signal()
