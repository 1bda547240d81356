"""A card's share image (OpenGraph, 1200×630): the card's own picture in a frame the colour of its
rarity, on the site's drawn background, with one dot per step of rarity. Drawn once per card, image
and rarity (a change draws a new one), kept under MEDIA_ROOT/share/cards/."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from PIL import Image as PILImage
from PIL import ImageDraw

from cms.images import draw

from .models import Rarity

FRAME = {Rarity.COMMON: (170, 178, 189), Rarity.RARE: (46, 134, 222), Rarity.EPIC: (142, 68, 173),
         Rarity.LEGENDARY: (230, 162, 20)}
STEPS = [Rarity.COMMON, Rarity.RARE, Rarity.EPIC, Rarity.LEGENDARY]


def share_png(card) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "share" / "cards"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{card.pk}-{card.image_id or 0}-{card.rarity}.png"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(_draw(card))
        tmp.replace(path)
    return path


def _draw(card) -> bytes:
    canvas = PILImage.open(io.BytesIO(draw(f"card:{card.card_set_id}"))).convert("RGB")
    pen = ImageDraw.Draw(canvas)
    colour = FRAME.get(card.rarity, FRAME[Rarity.COMMON])
    box = (390, 45, 810, 585)  # a portrait card, 420×540, in the middle
    pen.rounded_rectangle(box, radius=28, fill=colour)
    inner = (box[0] + 14, box[1] + 14, box[2] - 14, box[3] - 14)
    pen.rounded_rectangle(inner, radius=20, fill=(250, 250, 247))
    if card.image_id:
        rendition = card.image.get_rendition("fill-392x512")
        with rendition.file.open("rb") as file:
            canvas.paste(PILImage.open(file).convert("RGB"), (inner[0], inner[1]))
    dots = STEPS.index(card.rarity) + 1 if card.rarity in STEPS else 1
    for i in range(dots):
        x = 600 + 60 * i - 30 * (dots - 1)
        pen.ellipse((x - 14, 600, x + 14, 628), fill=colour, outline=(255, 255, 255), width=3)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
