"""The user form offers our groups, each with what it may do (GROUP_DESCRIPTIONS)."""

from django import forms
from django.contrib.auth.models import Group

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .groups import GROUP_DESCRIPTIONS, GROUPS


class DescribedGroupsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        description = GROUP_DESCRIPTIONS.get(group.name)
        return f"{group.name} — {description}" if description else group.name


def _described_groups(form_class):
    class Form(form_class):
        groups = DescribedGroupsField(
            queryset=Group.objects.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Groupes",
            help_text="Ce que chaque groupe permet ; un compte peut en avoir plusieurs.",
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Our groups first, in the order of GROUPS; any group made by hand after them.
            order = {name: position for position, name in enumerate(GROUPS)}
            groups = sorted(Group.objects.all(), key=lambda g: (order.get(g.name, 99), g.name))
            self.fields["groups"].queryset = Group.objects.filter(
                pk__in=[group.pk for group in groups]
            )
            self.fields["groups"].choices = [
                (group.pk, self.fields["groups"].label_from_instance(group)) for group in groups
            ]

    Form.__name__ = form_class.__name__
    return Form


class ParticipezUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return _described_groups(UserEditForm if for_update else UserCreationForm)
