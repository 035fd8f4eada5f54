"""Forms of collections and ratings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.library.choices import LANGUAGES
from ortaq.library.models import Collection
from ortaq.library.services_collections import CollectionFields


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whom it is for and how to use it. Markdown works."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="kk")
    is_public = forms.BooleanField(
        label=_("Public: anyone may open and download it"), required=False, initial=True
    )
    # The resource to put into the new collection (from a resource's "add to a collection").
    resource = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def of(cls, collection: Collection, data: Any = None) -> "CollectionForm":
        return cls(
            data,
            initial={
                "title": collection.title,
                "description": collection.description,
                "language": collection.language,
                "is_public": collection.is_public,
            },
        )

    def fields_out(self) -> CollectionFields:
        data = self.cleaned_data
        return CollectionFields(
            title=data["title"],
            description=data["description"],
            language=data["language"],
            is_public=data["is_public"],
        )


class AddForm(forms.Form):
    """Put a resource into one of her collections (only hers are offered)."""

    collection = forms.TypedChoiceField(label=_("Collection"), coerce=int)

    def __init__(self, *args: Any, collections: list[Collection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [  # type: ignore[attr-defined]
            (c.pk, c.title) for c in collections
        ]


STARS = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
