"""Admin permission policies the apps share."""

from __future__ import annotations

from wagtail.permission_policies.base import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records appended by the apps' actions (a log, a ledger, coupons): nobody adds, edits or deletes
    one in the admin, superusers included; those who may view them still do."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete", "copy") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
