"""The admin form of an entry: its web address follows the title until an editor sets one;
its responsable is chosen among the admin's users by name, its dates written 01/09/2017."""

from django.db.models import Q
from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, SlugInput

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
        owner = self.fields.get("owner")
        if owner is not None:
            # Only people who can use the admin, named as their colleagues know them.
            owner.queryset = (
                owner.queryset.filter(is_active=True)
                .filter(
                    Q(is_superuser=True)
                    | Q(groups__permissions__codename="access_admin")
                    | Q(user_permissions__codename="access_admin")
                )
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
            owner.label_from_instance = person_label
            owner.empty_label = "Aucun·e responsable"
        for name in ("verified_on", "review_before"):
            if name in self.fields:
                # Dates as French editors write them: 01/09/2017.
                self.fields[name].widget = AdminDateInput(format=FRENCH_DATE_FORMAT)
                self.fields[name].input_formats = [FRENCH_DATE_FORMAT, "%Y-%m-%d"]

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(self._meta.model, cleaned["title"], self.instance.pk)
        return cleaned


FRENCH_DATE_FORMAT = "%d/%m/%Y"


def person_label(user):
    """ "Camille Durand (camille)": the name colleagues know, the login to tell two apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
