from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from wagtail.models import GroupCollectionPermission

import pytest

from cms.ops.groups import setup_groups

pytestmark = pytest.mark.django_db

EDITORS = "Rédacteur·rice·s"
MODERATORS = "Modérateur·rice·s"
ANALYSTS = "Analystes des consultations"


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_editors_draft_and_moderators_publish():
    call_command("setup_groups", stdout=StringIO())
    editors, moderators = codenames(EDITORS), codenames(MODERATORS)
    assert {"access_admin", "add_entry", "change_entry"} <= editors
    assert "publish_entry" not in editors
    assert "delete_entry" not in editors
    assert {"publish_entry", "publish_guideframe", "publish_section"} <= moderators
    assert editors <= moderators
    images = GroupCollectionPermission.objects.filter(group__name=EDITORS)
    assert {"add_image", "choose_image"} <= set(
        images.values_list("permission__codename", flat=True)
    )


def test_analysts_read_consultations_and_change_nothing():
    setup_groups()
    analysts = Group.objects.get(name=ANALYSTS).permissions.all()
    assert "access_admin" in {p.codename for p in analysts}
    consultation_permissions = [p for p in analysts if p.content_type.app_label == "consultations"]
    if ContentType.objects.filter(app_label="consultations").exists():
        assert "view_answer" in {p.codename for p in consultation_permissions}
    assert all(p.codename.startswith(("view_", "export_")) for p in consultation_permissions)


def test_running_it_again_changes_nothing_and_keeps_manual_grants():
    setup_groups()
    extra = Permission.objects.get(codename="delete_entry")
    Group.objects.get(name=EDITORS).permissions.add(extra)
    before = {name: codenames(name) for name in (EDITORS, MODERATORS, ANALYSTS)}
    collection_rows = GroupCollectionPermission.objects.count()

    setup_groups()

    assert {name: codenames(name) for name in before} == before
    assert GroupCollectionPermission.objects.count() == collection_rows
    assert Group.objects.filter(name__in=before).count() == 3


def test_an_editor_cannot_publish_an_entry(client, django_user_model):
    setup_groups()
    user = django_user_model.objects.create_user("redactrice", password="x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert user.has_perm("entries.change_entry")
    assert not user.has_perm("entries.publish_entry")


def test_our_moderators_approve_the_guides_moderation_step():
    from wagtail.models import GroupApprovalTask

    setup_groups()
    task = GroupApprovalTask.objects.get(name="Validation par les modérateur·rice·s")
    # Wagtail's own "Moderators" group, empty, is gone: only our groups are offered.
    assert set(task.groups.values_list("name", flat=True)) == {MODERATORS}
