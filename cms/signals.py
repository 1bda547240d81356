"""Signals the content app sends, and receivers that keep derived state in step.

``landing_form_submitted`` is the one documented hand-off from the CMS to the nurture app:
    landing_form_submitted.send(sender=LandingPage, page=..., submission=..., email=..., name=...,
                                consent=ConsentInfo(given, version, text), request=...)
It is sent after the submission has been committed. ``event_registered`` and ``registration_cancelled``
(``registration=``) tell other apps (rewards) about seats, also after the commit; ``page_read``
(``page=``, ``user=``) that a signed-in reader reached the end of a pillar page (cms.reading).
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

landing_form_submitted = Signal()
# After the commit: someone registered for an event (confirmed or waitlisted), or cancelled.
event_registered = Signal()  # registration
registration_cancelled = Signal()  # registration
# A signed-in reader reached the end of a page that asked to be counted (a pillar page): page, user.
page_read = Signal()


def _connect() -> None:
    from .models.posts import PostPage

    @receiver(post_save, sender=PostPage, dispatch_uid="cms.sync_post_restriction", weak=False)
    def sync_restriction(sender, instance, **kwargs):
        from .actions import sync_post_restriction

        sync_post_restriction(instance.pk)


_connect()


def _connect_workflow() -> None:
    from django.db.models.signals import post_save

    from .models.posts import PostIndexPage

    @receiver(post_save, sender=PostIndexPage, dispatch_uid="cms.assign_post_workflow", weak=False)
    def assign_workflow(sender, instance, created, **kwargs):
        """Every post index gets the approval workflow, so filed posts go to 결재 by default.

        Staff may add posts there; team leads may also publish, which approving a task needs.
        """
        from django.contrib.auth.models import Group, Permission
        from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

        from .models.visibility import STAFF_GROUP, TEAM_LEADS_GROUP

        if not created:
            return
        workflow = Workflow.objects.filter(active=True, name__contains="Post approval").first()
        if workflow is not None and not WorkflowPage.objects.filter(page=instance).exists():
            WorkflowPage.objects.create(page=instance, workflow=workflow)
        grants = {STAFF_GROUP: ["add_page"], TEAM_LEADS_GROUP: ["add_page", "change_page", "publish_page"]}
        for group_name, codenames in grants.items():
            group = Group.objects.get_or_create(name=group_name)[0]
            for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
                GroupPagePermission.objects.get_or_create(group=group, page=instance, permission=permission)


_connect_workflow()


# Saves that only record a draft or a lock: the live page, menus and listings are unchanged.
DRAFT_ONLY_FIELDS = frozenset({
    "has_unpublished_changes", "draft_title", "latest_revision_created_at", "latest_revision",
    "locked", "locked_at", "locked_by",
})


def _connect_page_cache() -> None:
    """Retire cached pages and site structure whenever what visitors see may have changed.

    Wagtail sends its signals inside the publishing transaction, so the generation is bumped at once
    (this process stops serving old pages) and again after commit (anything another process cached
    from the not-yet-committed state in between is retired too).
    """
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .cache import invalidate_all
    from .models import Team, Topic

    def bump(**kwargs) -> None:
        invalidate_all()
        transaction.on_commit(invalidate_all)

    def page_saved(sender, instance, update_fields=None, **kwargs) -> None:
        if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
        if instance.live or kwargs.get("created"):
            bump()

    page_published.connect(bump, dispatch_uid="cms.cache.published", weak=False)
    page_unpublished.connect(bump, dispatch_uid="cms.cache.unpublished", weak=False)
    post_page_move.connect(bump, dispatch_uid="cms.cache.moved", weak=False)
    post_delete.connect(
        lambda sender, **kw: bump() if issubclass(sender, Page) else None,
        dispatch_uid="cms.cache.deleted", weak=False,
    )
    post_save.connect(
        lambda sender, **kw: page_saved(sender, **kw) if issubclass(sender, Page) else None,
        dispatch_uid="cms.cache.page_saved", weak=False,
    )
    for model in (PageViewRestriction, Locale, Site, Topic, Team):
        post_save.connect(bump, sender=model, dispatch_uid=f"cms.cache.saved.{model.__name__}", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"cms.cache.deleted.{model.__name__}", weak=False)


_connect_page_cache()
