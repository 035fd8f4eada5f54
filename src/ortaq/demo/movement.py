"""The demo's project movement (issue 15): «Менің ауылымның фольклоры», called by the demo's
association, its collection published with entries from five schools in three regions
(proverbs in Kazakh and Russian, a tale, a children's game, a song's words), each accepted
team's teachers holding their certificates; and a second movement, still open, where the
graduate's team has an entry sent back for changes (it waits on her page).

Everything goes through the services people use: the association's coordinator calls and
runs the movements, each teacher applies with her school's team and submits its entries, the
region's methodologist moderates them.
"""

import datetime

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.textbooks import movements
from ortaq.textbooks.choices import Genre, MovementStatus, StaffRole
from ortaq.textbooks.models import Entry, Movement, Team

SLUG = "folklore-2026"
OPEN_SLUG = "games-2026"
RULES = """\
**Что собираем.** Пословицы, поговорки, сказки, детские игры, песни и обычаи вашего села —
так, как их рассказывают старшие.

**Как.** Ученики записывают рассказ (аудио или текстом) вместе с учителем. Укажите село,
район и регион. Фотографии — только с описанием для незрячих читателей.

**Согласие.** Учитель подтверждает, что записанные люди (и родители учеников) согласны на
публикацию. Имена учеников не указываются.
"""
THEME = (
    "Оқушылар ауылдың үлкендерінен мақал-мәтел, ертегі, ойын мен ән жинап, жазып алады; "
    "мектептер оларды бірге жариялайды."
)

# School (BIN), team name, leading teacher's e-mail, grades, pupils.
TEAMS = (
    ("050440424451", "Ақбұлақ", "graduate@demo.ortaq.kz", "6–7", 12),
    ("060940197725", "Жандосов жұлдыздары", "teacher@demo.ortaq.kz", "5–6", 8),
    ("081240853194", "Бесағаш", "d.bekov@demo.ortaq.kz", "5–7", 10),
    ("100240094947", "Нарын толқыны", "s.tulegenova@demo.ortaq.kz", "5", 6),
    ("030540123375", "Каспий жағасы", "b.kaliev@demo.ortaq.kz", "6", 7),
)

# Team, title, genre, language, village, text, decision ("accept" or "changes") and note.
ENTRIES = (
    (
        "Ақбұлақ",
        "Ауыл үлкендерінің мақалдары",
        Genre.PROVERB,
        "kk",
        "Қаскелең",
        "- Отан — оттан да ыстық.\n- Бірлік бар жерде тірлік бар.\n"
        "- Жер — анаң, ел — атаң.\n- Көп түкірсе — көл.\n\n"
        "*Айтқан: Зәуре әже, 78 жаста.*",
        "accept",
        "",
    ),
    (
        "Жандосов жұлдыздары",
        "Ақсақ құлан",
        Genre.TALE,
        "kk",
        "Жандосов",
        "Ерте, ерте, ертеде Жошы ханның сүйікті ұлы аңға шығып, ақсақ құланның "
        "құйрығынан ұстайды...\n\nКүйші домбырасын шертіп, ханға хабарды сөзсіз жеткізеді: "
        "«Құлан жығылды, ұлың өлді».\n\n*Айтқан: Бейсен ата.*",
        "accept",
        "",
    ),
    (
        "Бесағаш",
        "Ақсүйек",
        Genre.GAME,
        "kk",
        "Бесағаш",
        "Ай жарық түнде ойналады. Екі топ; бір ойыншы ақ сүйекті алысқа лақтырады, "
        "екі топ оны іздейді. Сүйекті тауып, өз «ордасына» жеткізген топ жеңеді.\n\n"
        "*Ойынды үйреткен: Күлпаш апа.*",
        "accept",
        "",
    ),
    (
        "Бесағаш",
        "Пословицы соседей",
        Genre.PROVERB,
        "ru",
        "Бесагаш",
        "- Не имей сто рублей, а имей сто друзей.\n- Дружба дружбой, а служба службой.\n"
        "- Без труда не вытащишь и рыбку из пруда.\n\n*Записано со слов Нины Ивановны.*",
        "accept",
        "",
    ),
    (
        "Нарын толқыны",
        "Бесік жыры",
        Genre.SONG,
        "kk",
        "Нарын",
        "Әлди, әлди, ақ бөпем,\nАқ бесікке жат, бөпем.\nЖылама, балам, жылама,\n"
        "Жыласаң көңіл тына ма...\n\n*Айтқан: Ұлбосын әже.*",
        "accept",
        "",
    ),
    (
        "Каспий жағасы",
        "Балықшылар мақалы",
        Genre.PROVERB,
        "kk",
        "Қызылөзен",
        "- Теңіз — балықшының егісі.\n- Жел тұрмай, толқын тұрмайды.\n\n"
        "*Айтқан: Жұмаш ата, балықшы.*",
        "accept",
        "",
    ),
)
CHANGED = (
    "Ақбұлақ",
    "Асық ату",
    Genre.GAME,
    "kk",
    "Қаскелең",
    "Асықтар сызыққа тізіледі; ойыншылар сақамен атып, ұтқанын алады.",
    "changes",
    "Ойынның ережесін толығырақ жазыңыз: неше адам ойнайды, кім бастайды, ұпай қалай "
    "есептеледі? Суретке сипаттама қосыңыз.",
)


def _entry(team: Team, row: tuple[object, ...]) -> Entry:
    _team, title, genre, language, village, text, _decision, _note = row
    author = team.teachers.select_related("user").first()
    assert author is not None  # noqa: S101 - every demo team has a teacher
    return movements.entry_submit(
        actor=author.user,
        team=team,
        fields=movements.EntryFields(
            title=str(title),
            genre=str(genre),
            text=str(text),
            language=str(language),
            region=team.school.region,
            district=team.school.district,
            village=str(village),
        ),
        vouched=True,
    )


def load(people: dict[str, User]) -> Movement:
    """Both movements; the published one's certificates are issued as it is published."""
    coordinator = people["facilitator@demo.ortaq.kz"]
    moderator = people["coordinator@demo.ortaq.kz"]
    association = Association.objects.get(slug="karasai-talgar")
    today = timezone.localdate()
    movement = movements.movement_create(
        actor=coordinator,
        slug=SLUG,
        association=association,
        fields=movements.MovementFields(
            title_kk="Менің ауылымның фольклоры",
            title_ru="Фольклор моего села",
            title_en="Folklore of my village",
            theme=THEME,
            rules=RULES,
            starts_on=today - datetime.timedelta(days=90),
            ends_on=today - datetime.timedelta(days=20),
            hours=12,
        ),
    )
    movements.staff_add(
        actor=coordinator, movement=movement, email=moderator.email, role=StaffRole.MODERATOR
    )
    movement = movements.movement_set_status(actor=coordinator, movement=movement, status="open")
    teams = _teams(movement, moderator)
    decided = []
    for row in ENTRIES:
        entry = _entry(teams[str(row[0])], row)
        decided.append(
            movements.entry_moderate(
                actor=moderator, entry=entry, decision=str(row[6]), note=str(row[7])
            )
        )
    movement = movements.movement_set_status(
        actor=coordinator, movement=movement, status=MovementStatus.CLOSED
    )
    movement = movements.movement_set_status(
        actor=coordinator, movement=movement, status=MovementStatus.PUBLISHED
    )
    _open_movement(coordinator, moderator, association)
    return movement


def _teams(movement: Movement, moderator: User) -> dict[str, Team]:
    """Each teacher applies with her school's team; the moderator accepts them all."""
    teams: dict[str, Team] = {}
    for bin_, name, email, grades, pupils in TEAMS:
        teacher = User.objects.get(email=email)
        assert teacher.profile.school_id == School.objects.get(bin=bin_).pk  # noqa: S101
        team = movements.team_apply(
            actor=teacher, movement=movement, name=name, grades=grades, pupils=pupils
        )
        teams[name] = movements.team_decide(actor=moderator, team=team, accept=True)
    return teams


def _open_movement(coordinator: User, moderator: User, association: Association) -> Movement:
    """A second movement, open for entries: the graduate's team has an entry sent back."""
    today = timezone.localdate()
    movement = movements.movement_create(
        actor=coordinator,
        slug=OPEN_SLUG,
        association=association,
        fields=movements.MovementFields(
            title_kk="Менің ауылымның ойындары",
            title_ru="Игры моего села",
            title_en="Games of my village",
            theme="Оқушылар ауылдың ұлттық ойындарын жинап, ережелерін жазады.",
            rules=RULES,
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=60),
            hours=8,
        ),
    )
    movements.staff_add(
        actor=coordinator, movement=movement, email=moderator.email, role=StaffRole.MODERATOR
    )
    movement = movements.movement_set_status(actor=coordinator, movement=movement, status="open")
    bin_, name, email, grades, pupils = TEAMS[0]
    team = movements.team_apply(
        actor=User.objects.get(email=email),
        movement=movement,
        name=name,
        grades=grades,
        pupils=pupils,
    )
    team = movements.team_decide(actor=moderator, team=team, accept=True)
    entry = _entry(team, CHANGED)
    movements.entry_moderate(actor=moderator, entry=entry, decision="changes", note=CHANGED[7])
    return movement
