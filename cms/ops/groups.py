"""Editors' groups: who drafts, who publishes, who reads the consultation answers.

Permissions are looked up by app label and codename, so a group can name models of an app
that is not installed yet (they are simply skipped) and `setup_groups` can run again once
it is, adding what was missing. Running it never removes a permission an administrator
granted by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]

# Entries and the guide frame are snippets with drafts: "change" saves a draft, "publish"
# puts it online.
DRAFTING = [
    *ADMIN_ACCESS,
    ("entries", "add_entry"),
    ("entries", "change_entry"),
    ("entries", "view_entry"),
    ("entries", "lock_entry"),
    ("entries", "change_section"),
    ("entries", "view_section"),
    ("entries", "change_guideframe"),
    ("entries", "view_guideframe"),
    ("entries", "view_audience"),
    ("entries", "view_action"),
    ("entries", "view_arrondissement"),
    ("entries", "view_fphfund"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    ("guide", "view_publishrun"),
    ("guide", "view_printedition"),
    # Residents' reports of outdated or wrong information (cms.pages.models.ErrorReport).
    ("pages", "view_errorreport"),
    ("pages", "change_errorreport"),
    # The search synonyms, read-only: moderators keep them (they change the live search).
    ("pages", "view_searchsynonym"),
]

PUBLISHING = [
    *DRAFTING,
    ("entries", "publish_entry"),
    ("entries", "delete_entry"),
    ("entries", "unlock_entry"),
    ("entries", "publish_section"),
    ("entries", "publish_guideframe"),
    ("entries", "add_audience"),
    ("entries", "change_audience"),
    ("entries", "add_action"),
    ("entries", "change_action"),
    # The mairies' contact details (no drafts: a change shows in the next build).
    ("entries", "change_arrondissement"),
    ("guide", "add_publishrun"),
    ("guide", "add_printedition"),
    ("guide", "change_printedition"),
    # Search: the synonyms (cms.pages, "Synonymes de recherche") and the promoted results
    # (wagtail.contrib.search_promotions, whose admin checks these SearchPromotion
    # permissions for its Query pages too). No drafts: a change shows in the next search.
    ("pages", "add_searchsynonym"),
    ("pages", "change_searchsynonym"),
    ("pages", "delete_searchsynonym"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("wagtailsearchpromotions", "view_searchpromotion"),
]

# Analysts read every consultation and its answers; they change nothing.
ANALYSIS = [*ADMIN_ACCESS, ("consultations", "view_*"), ("consultations", "export_*")]

GROUPS = {
    "Rédacteur·rice·s": DRAFTING,
    "Modérateur·rice·s": PUBLISHING,
    "Analystes des consultations": ANALYSIS,
}

# One line each, shown beside the group's checkbox in the user form (cms.ops.users).
GROUP_DESCRIPTIONS = {
    "Rédacteur·rice·s": "écrivent et modifient les entrées, les envoient en relecture ; ne publient pas.",
    "Modérateur·rice·s": "relisent, publient et dépublient les entrées, le cadre du guide et le site ; gèrent les synonymes et les résultats mis en avant de la recherche.",
    "Analystes des consultations": "lisent et exportent les réponses aux consultations ; ne modifient rien.",
}
# Created by Wagtail's own migrations; ours replace them. Removed while nobody is in them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")

# Wagtail's image and document permissions are granted per collection.
COLLECTION_PERMISSIONS = {"wagtailimages", "wagtaildocs"}


def _permissions(specs):
    query = Q(pk__in=[])
    for app_label, codename in specs:
        if codename.endswith("*"):
            query |= Q(content_type__app_label=app_label, codename__startswith=codename[:-1])
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def setup_groups():
    """Create or complete each group; returns {group name: number of permissions}."""
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    summary = {}
    for name, specs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(_permissions(specs))
        model_permissions = [
            p for p in permissions if p.content_type.app_label not in COLLECTION_PERMISSIONS
        ]
        group.permissions.add(*model_permissions)
        if root is not None:
            for permission in permissions:
                if permission.content_type.app_label in COLLECTION_PERMISSIONS:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root, permission=permission
                    )
        summary[name] = len(permissions)
    _moderators_review_the_guide()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    return summary


def _moderators_review_the_guide():
    """The guide's moderation step (created by an entries migration) is approved by our
    moderators, not only by Wagtail's built-in "Moderators" group."""
    from wagtail.models import GroupApprovalTask

    task = GroupApprovalTask.objects.filter(name="Validation par les modérateur·rice·s").first()
    if task is not None:
        task.groups.add(Group.objects.get(name="Modérateur·rice·s"))
