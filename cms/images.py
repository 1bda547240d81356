"""Images drawn locally with Pillow: demo pictures and fallback share images. Nothing is downloaded."""

import hashlib
import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

PALETTES = [
    ((14, 92, 173), (120, 190, 255)),
    ((22, 120, 90), (170, 230, 200)),
    ((160, 60, 40), (255, 200, 150)),
    ((90, 60, 150), (210, 190, 255)),
    ((30, 30, 40), (240, 180, 60)),
]


def draw(name: str, size=(1200, 630)) -> bytes:
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    top, bottom = PALETTES[seed % len(PALETTES)]
    img = PILImage.new("RGB", size)
    pixels = ImageDraw.Draw(img)
    for y in range(size[1]):
        t = y / size[1]
        color = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        pixels.line([(0, y), (size[0], y)], fill=color)
    for _ in range(7):
        r = rng.randint(40, 220)
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        shade = tuple(min(255, c + rng.randint(20, 80)) for c in bottom)
        pixels.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=6)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(name: str, title: str) -> Image:
    """Get or create the demo image called ``title``; the same name always draws the same picture."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title, description=title)
    image.file = ImageFile(io.BytesIO(draw(name)), name=f"{name}.png")
    image.save()
    return image
