"""A published question carries a public, anonymised text of its answer too; the questions
already published get their answer's current text, so that they stay published as they were."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_answers(apps: Any, schema_editor: Any) -> None:
    Question = apps.get_model("consultations", "Question")
    Answer = apps.get_model("consultations", "Answer")
    Question.objects.filter(published_answer__isnull=False).update(
        public_answer=Subquery(
            Answer.objects.filter(pk=OuterRef("published_answer_id")).values("body")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(
            model_name="question",
            name="consultations_question_published_with_answer",
        ),
        migrations.AddField(
            model_name="question",
            name="public_answer",
            field=models.TextField(blank=True, verbose_name="public answer"),
        ),
        migrations.RunPython(copy_answers, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_at__isnull", True),
                    models.Q(
                        ("published_answer__isnull", False),
                        models.Q(("public_title", ""), _negated=True),
                        models.Q(("public_answer", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="consultations_question_published_with_answer",
            ),
        ),
    ]
