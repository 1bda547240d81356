"""What listening hears from other apps' signals: anymail's inbound email (its webhook view has checked
the provider's signature or the webhook's basic auth before this runs)."""

from __future__ import annotations

from .actions.email import receive_email


def on_inbound_email(sender, event, esp_name: str, **kwargs) -> None:
    receive_email(event.message)
