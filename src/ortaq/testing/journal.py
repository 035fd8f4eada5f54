"""What the journal's tests share."""

from ortaq.journal import services

# A manuscript's titles and abstracts in the three languages the journal asks for.
TEXTS = services.Texts(
    title_kk="Мақала",
    title_ru="Статья",
    title_en="Article",
    abstract_kk="Аңдатпа.",
    abstract_ru="Аннотация.",
    abstract_en="Abstract.",
)
