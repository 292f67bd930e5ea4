from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "ops"
    verbose_name = "Exploitation"
    # This module holds two configs (and imports Wagtail's): without this flag Django picks
    # none of them for "cms.ops" and ready() never registers the deploy checks.
    default = True

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)


class UsersConfig(WagtailUsersAppConfig):
    """wagtail.users, whose user form describes our groups (cms.ops.users)."""

    user_viewset = "cms.ops.users.ParticipezUserViewSet"
