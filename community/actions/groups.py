"""Groups and alliances: who may join, leave, approve and ally."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Alliance, CommunityGroup, GroupKind, Member, Membership
from .errors import CommunityError


def join(group: CommunityGroup, member: Member) -> Membership:
    """A public group takes the member at once; a closed one records a request for its managers."""
    if member.left_at:
        raise CommunityError("member", _("This account has been deleted."))
    status = Membership.Status.ACTIVE if group.kind == GroupKind.PUBLIC else Membership.Status.PENDING
    membership, _created = Membership.objects.get_or_create(group=group, member=member,
                                                            defaults={"status": status})
    return membership


def leave(group: CommunityGroup, member: Member) -> bool:
    """The last manager cannot leave a group that still has members: someone must be able to approve."""
    membership = Membership.objects.filter(group=group, member=member).first()
    if membership is None:
        return False
    if membership.role == Membership.Role.MANAGER and membership.status == Membership.Status.ACTIVE:
        others = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).exclude(pk=membership.pk)
        if others.exists() and not others.filter(role=Membership.Role.MANAGER).exists():
            raise CommunityError("group", _("Make another member a manager before you leave."))
    membership.delete()
    return True


def is_manager(group: CommunityGroup, member: Member | None) -> bool:
    return member is not None and Membership.objects.filter(
        group=group, member=member, role=Membership.Role.MANAGER, status=Membership.Status.ACTIVE).exists()


def approve(group: CommunityGroup, manager: Member, membership_id: int) -> Membership:
    if not is_manager(group, manager):
        raise CommunityError("group", _("Only the group's managers can approve requests."))
    membership = Membership.objects.filter(pk=membership_id, group=group).first()
    if membership is None:
        raise CommunityError("membership", _("That request no longer exists."))
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status"])
    return membership


def propose_alliance(group: CommunityGroup, other: CommunityGroup, manager: Member) -> Alliance:
    if group.pk == other.pk:
        raise CommunityError("partner", _("A group cannot ally with itself."))
    if not is_manager(group, manager):
        raise CommunityError("group", _("Only the group's managers can propose an alliance."))
    existing = Alliance.objects.filter(proposer=other, partner=group).first()
    if existing is not None:  # the other group asked first: proposing back accepts it
        return accept_alliance(existing, manager)
    alliance, _created = Alliance.objects.get_or_create(proposer=group, partner=other)
    return alliance


def accept_alliance(alliance: Alliance, manager: Member) -> Alliance:
    if not is_manager(alliance.partner, manager):
        raise CommunityError("alliance", _("Only the invited group's managers can accept the alliance."))
    if alliance.accepted_at is None:
        alliance.accepted_at = timezone.now()
        alliance.save(update_fields=["accepted_at"])
    return alliance


def allies(group: CommunityGroup) -> list[CommunityGroup]:
    accepted = Alliance.objects.filter(accepted_at__isnull=False)
    ids = {a.partner_id for a in accepted.filter(proposer=group)}
    ids |= {a.proposer_id for a in accepted.filter(partner=group)}
    return list(CommunityGroup.objects.filter(pk__in=ids).order_by("name"))
