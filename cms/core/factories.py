"""Factory bases shared by the apps' test factories."""

import factory


class RevisionedModelFactory(factory.django.DjangoModelFactory):
    """Creates a snippet with drafts the way the admin does: saved as a draft, then its
    first revision published unless `live=False` is passed."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        live = kwargs.pop("live", True)
        obj = model_class(*args, live=False, **kwargs)
        obj.save()
        revision = obj.save_revision()
        if live:
            revision.publish()
            obj.refresh_from_db()
        return obj
