"""Make the demo course's media: a short narrated-slide video (H.264 MP4), its poster, and a
one-page handout in each language. The files are committed under src/ortaq/demo/data/media/;
run this only to change them:

    .venv/bin/pip install av   # PyAV, for the video encoder; not a dependency of Ortaq
    .venv/bin/python scripts/make-demo-media.py
"""

from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont
from weasyprint import HTML

OUT = Path(__file__).resolve().parent.parent / "src" / "ortaq" / "demo" / "data" / "media"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (640, 360)
FPS = 10
SLIDES = [
    ("Инклюзивті білім беру", "Inclusive education · Инклюзивное образование"),
    ("Әр бала — ерекше", "Every child is different · Каждый ребёнок особенный"),
    ("Сабақты бейімдеу", "Adapting a lesson · Адаптация урока"),
    ("Бірге оқимыз", "Learning together · Учимся вместе"),
]
SECONDS_PER_SLIDE = 5


def frame(title: str, subtitle: str, progress: float) -> Image.Image:
    image = Image.new("RGB", SIZE, (7, 64, 95))
    draw = ImageDraw.Draw(image)
    draw.text((40, 120), title, font=ImageFont.truetype(BOLD, 38), fill=(255, 255, 255))
    draw.text((40, 190), subtitle, font=ImageFont.truetype(FONT, 20), fill=(200, 225, 240))
    draw.text((40, 30), "Ortaq", font=ImageFont.truetype(BOLD, 22), fill=(255, 255, 255))
    draw.rectangle((0, SIZE[1] - 8, int(SIZE[0] * progress), SIZE[1]), fill=(199, 80, 0))
    return image


def video() -> None:
    container = av.open(str(OUT / "inclusive-classroom.mp4"), mode="w")
    stream = container.add_stream("libx264", rate=FPS)
    stream.width, stream.height, stream.pix_fmt = SIZE[0], SIZE[1], "yuv420p"
    stream.options = {"crf": "30", "preset": "veryslow", "tune": "stillimage"}
    total = len(SLIDES) * SECONDS_PER_SLIDE * FPS
    n = 0
    for title, subtitle in SLIDES:
        for _ in range(SECONDS_PER_SLIDE * FPS):
            image = frame(title, subtitle, n / total)
            if n == 0:
                image.save(OUT / "inclusive-classroom-poster.png", optimize=True)
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
            n += 1
    for packet in stream.encode():
        container.mux(packet)
    container.close()


HANDOUT = {
    "kk": ("Инклюзивті сабаққа арналған тексеру парағы", [
        "Сабақтың мақсаты барлық оқушыға түсінікті ме?",
        "Тапсырмалар әртүрлі деңгейде берілген бе?",
        "Көрнекі және ауызша түсіндіру қатар қолданылды ма?",
        "Әр оқушы жұпта немесе топта жұмыс істей алды ма?",
        "Кері байланыс әр оқушыға жетті ме?",
    ]),
    "ru": ("Чек-лист инклюзивного урока", [
        "Понятна ли цель урока каждому ученику?",
        "Есть ли задания разного уровня?",
        "Используются ли и наглядные, и устные объяснения?",
        "Может ли каждый ученик работать в паре или группе?",
        "Получил ли каждый ученик обратную связь?",
    ]),
    "en": ("Checklist for an inclusive lesson", [
        "Is the aim of the lesson clear to every pupil?",
        "Are there tasks at different levels?",
        "Are visual and spoken explanations used together?",
        "Can every pupil work in a pair or a group?",
        "Has every pupil received feedback?",
    ]),
}


def handouts() -> None:
    for language, (title, items) in HANDOUT.items():
        rows = "".join(f"<li>☐ {item}</li>" for item in items)
        html = (
            f'<html lang="{language}"><body style="font-family: DejaVu Sans; font-size: 13pt">'
            f"<h1 style='color:#07405f'>{title}</h1><ul style='list-style:none'>{rows}</ul>"
            "<p style='color:#4a5560'>Ortaq</p></body></html>"
        )
        HTML(string=html).write_pdf(OUT / f"checklist-{language}.pdf")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    video()
    handouts()
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")
