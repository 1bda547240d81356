"""The signed tokens in our emails' links: the double opt-in and the consent renewal.

Signed, not stored: a link works until it expires without a row per email, and a forged or edited
token fails the signature.
"""

from django.core import signing

CONFIRM_SALT = "nurture.confirm"
RENEW_SALT = "nurture.renew"


def confirmation_token(consent) -> str:
    return signing.dumps({"c": consent.pk}, salt=CONFIRM_SALT, compress=True)


def renewal_token(consent) -> str:
    return signing.dumps({"c": consent.pk}, salt=RENEW_SALT)
