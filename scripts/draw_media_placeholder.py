"""Draw the demo chronology's media placeholder: content/media/placeholders/social-media-pictures.png.

The report this chronology comes from mentions unverified pictures that circulated on social
media; the pictures are not ours to publish, so the event shows this drawn card in their place
(credited to the project, CC0). Run it again to redraw the file:

    .venv/bin/python scripts/draw_media_placeholder.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content" / "media" / "placeholders" / "social-media-pictures.png"
SIZE = (1200, 675)
BACKGROUND, PANEL, INK, MUTED = (236, 239, 243), (255, 255, 255), (27, 29, 33), (90, 96, 107)


def draw() -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=46), ImageFont.load_default(size=30)
    # Three empty "photo" frames, the way a feed of pictures would look.
    for left in (90, 460, 830):
        pen.rounded_rectangle((left, 90, left + 280, 300), radius=18, fill=PANEL, outline=(181, 186, 193), width=4)
        pen.line((left + 30, 270, left + 110, 180, left + 170, 240, left + 210, 200, left + 250, 270), fill=MUTED, width=6)
        pen.ellipse((left + 190, 120, left + 230, 160), outline=MUTED, width=6)
        pen.line((left + 20, 110, left + 260, 280), fill=(154, 52, 18), width=6)  # struck through: not shown
    lines = [("PLACEHOLDER", big, INK), ("Pictures circulated on social media,", small, INK),
             ("not reproduced here: they are unverified.", small, INK),
             ("Drawn for this chronology · CC0", small, MUTED)]
    y = 360
    for text, font, colour in lines:
        width = pen.textlength(text, font=font)
        pen.text(((SIZE[0] - width) / 2, y), text, font=font, fill=colour)
        y += 70 if font is big else 50
    return image


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, "PNG", optimize=True)
    print(f"{OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
