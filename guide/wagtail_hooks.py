"""Publishing the static site from the admin: a "Publier le site" page, the run history
and, on the dashboard, whether the site and the PDFs are up to date (guide.follow)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from cms.core.admin import ReadOnlyPermissionHelper

from .follow import output_statuses
from .models import PublishRun, RunStatus
from .tasks import enqueue_publish

PUBLISH_PERMISSION = "guide.add_publishrun"


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def start_publish(user):
    """Queue the publish on the background worker."""
    run, _result = enqueue_publish(settings.PUBLISH_OUTPUT_DIR, user=user)
    run.refresh_from_db()
    return run


class PublicOutputsPanel(Component):
    """Dashboard: is what residents get (static site, PDFs) up to date with the admin?"""

    name = "public_outputs"
    order = 90
    template_name = "guide/admin/outputs_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        outputs = output_statuses()
        return {
            "outputs": outputs,
            "all_ok": all(output.is_ok for output in outputs),
            "can_publish": can_publish(self.user),
        }


@hooks.register("construct_homepage_panels")
def add_public_outputs_panel(request, panels):
    if request.user.has_perm("guide.view_publishrun") or can_publish(request.user):
        panels.append(PublicOutputsPanel(request.user))


def publish_view(request):
    if not can_publish(request.user):
        raise PermissionDenied
    if request.method == "POST":
        run = start_publish(request.user)
        if run.status == RunStatus.SUCCESS:
            messages.success(
                request,
                f"Site publié : {run.pages_written} fichier(s) mis à jour, "
                f"{run.pages_unchanged} inchangé(s), {run.pages_removed} supprimé(s).",
            )
            if run.error:
                messages.warning(request, run.error)
        elif run.status == RunStatus.FAILED:
            messages.error(request, "La publication a échoué : voir le détail ci-dessous.")
        else:
            messages.info(request, "La publication est lancée ; cette page montre son état.")
        return redirect("guide_publish")
    runs = PublishRun.objects.select_related("user")[:10]
    return TemplateResponse(
        request,
        "pages/admin/publish.html",
        {
            "runs": runs,
            "outputs": output_statuses(),
            "output_dir": settings.PUBLISH_OUTPUT_DIR,
        },
    )


@hooks.register("register_admin_urls")
def register_publish_url():
    return [path("publier-le-site/", publish_view, name="guide_publish")]


class PublishMenuItem(MenuItem):
    def is_shown(self, request):
        return can_publish(request.user)


@hooks.register("register_admin_menu_item")
def register_publish_menu_item():
    return PublishMenuItem(
        "Publier le site", reverse("guide_publish"), icon_name="upload", order=250
    )


class PublishRunAdmin(ModelAdmin):
    model = PublishRun
    menu_label = "Publications du site"
    menu_icon = "history"
    menu_order = 260
    add_to_settings_menu = False
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "started_at",
        "user",
        "status",
        "pages_written",
        "pages_unchanged",
        "pages_removed",
        "finished_at",
    )
    list_filter = ("status",)


modeladmin_register(PublishRunAdmin)
