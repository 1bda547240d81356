"""A publish freezes a new wizard version; a catalogue edit makes every process reload its product facts."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published

from cms.cache import invalidate_all

from . import actions
from .models import Partner, Product, ProductTag, Wizard


@receiver(published, sender=Wizard)
def freeze_published_wizard(sender, instance: Wizard, **kwargs) -> None:
    actions.freeze(instance)
    # Articles and the home page invite to published wizards: their cached pages must follow.
    invalidate_all()
    transaction.on_commit(invalidate_all)


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
@receiver(post_save, sender=Partner)
@receiver(post_delete, sender=Partner)
@receiver(post_save, sender=ProductTag)
@receiver(post_delete, sender=ProductTag)
@receiver(m2m_changed, sender=Product.tags.through)
def catalogue_edited(sender, **kwargs) -> None:
    transaction.on_commit(actions.catalogue_changed)
