"""Forms of discussions, the same for every owner (a course, a circle)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


BODY_HELP = _(
    "Markdown works: *italics*, **bold**, lists. Write @ and the first part of a colleague's "
    "e-mail (@aigul.seitova) to tell her; only those who may read the discussion are told."
)


class PostForm(forms.Form):
    """A post; ``readers`` (the discussion's readers, when few) are offered in a list to tell."""

    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), help_text=BODY_HELP
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("Up to 5 pictures, PDFs or Office documents, 10 MB each."),
    )
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The post answered and the post quoted, where posts answer each other (a course's).
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, readers: Sequence[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if readers:
            self.fields["tell"] = forms.TypedMultipleChoiceField(
                label=_("Tell these members"),
                help_text=_("Each one ticked gets an e-mail about this post."),
                choices=[(u.pk, u.display_name or str(u)) for u in readers],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.order_fields(["title", "body", "tell", "attachments"])


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ("title", "body", "attachments")


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), help_text=BODY_HELP
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with it?"), max_length=300)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason (its author sees it)"), max_length=300)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the discussions"), required=False, max_length=200)
