"""The admin form of an entry: its web address follows the title until an editor sets one."""

from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import SlugInput

SLUG_MAX_LENGTH = 100


def unique_slug(model, title, exclude_pk=None):
    """An ASCII slug made from the title, suffixed -2, -3… if another row already has it."""
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "entree"
    taken = model.objects.exclude(pk=exclude_pk)
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)].rstrip('-')}{suffix}"
    return slug


class EntryAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            # Left empty (the browser script did not run, or the editor cleared it), the
            # address is made from the title on save rather than failing "Champ requis."
            slug.required = False
            # The browser keeps accents unless told otherwise; our addresses are ASCII.
            slug.widget = SlugInput(attrs={"data-w-slug-allow-unicode-value": "false"})

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(self._meta.model, cleaned["title"], self.instance.pk)
        return cleaned
