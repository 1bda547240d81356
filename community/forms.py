"""The member's own forms: the profile (with an avatar that is resized and stripped of its EXIF data)
and deleting the account."""

from __future__ import annotations

import io
import re

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Member

AVATAR_SIZE = 256
MAX_AVATAR_BYTES = 5 * 1024 * 1024
HANDLE = re.compile(r"[\w-]{2,30}")


class ProfileForm(forms.ModelForm):
    avatar = forms.FileField(label=_("avatar"), required=False,
                             help_text=_("JPEG, PNG or WebP, up to 5 MB; it is cropped to a square."))

    class Meta:
        model = Member
        fields = ["display_name", "handle", "bio", "language", "notify_reply", "notify_answer", "notify_mention",
                  "notify_approved"]

    def clean_handle(self):
        handle = (self.cleaned_data.get("handle") or "").strip().lstrip("@").lower()
        if not handle:
            return None
        if not HANDLE.fullmatch(handle):
            raise forms.ValidationError(_("Use 2 to 30 letters, digits, '_' or '-'."))
        if Member.objects.filter(handle=handle).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Someone already has this handle."))
        return handle

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        if upload.size > MAX_AVATAR_BYTES:
            raise forms.ValidationError(_("The picture is larger than 5 MB."))
        try:
            with Image.open(upload) as image:
                image = ImageOps.exif_transpose(image)  # the camera's orientation, then no EXIF kept
                image = ImageOps.fit(image.convert("RGB"), (AVATAR_SIZE, AVATAR_SIZE))
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
            raise forms.ValidationError(_("That file is not a picture we can read (JPEG, PNG or WebP).")) from error
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)  # re-encoded: no EXIF, GPS or other metadata survives
        return SimpleUploadedFile("avatar.jpg", out.getvalue(), content_type="image/jpeg")

    def save(self, commit: bool = True) -> Member:
        member = super().save(commit=False)
        avatar = self.cleaned_data.get("avatar")
        if avatar:
            if member.avatar:
                member.avatar.delete(save=False)
            member.avatar.save(f"{member.pk}.jpg", avatar, save=False)
        if commit:
            member.save()
        return member


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
