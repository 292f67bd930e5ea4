"""Admin pieces that several apps share."""

from wagtail_modeladmin.helpers import PermissionHelper


class ReadOnlyPermissionHelper(PermissionHelper):
    """For operational records written by the system (FPH directory view, publish runs,
    print editions): editors may list and inspect them, never add, change or delete."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
