import pytest

from ortaq.accounts.tests.factories import make_user
from ortaq.cli import main


@pytest.mark.django_db
def test_a_token_for_an_unknown_email_is_one_clear_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["token", "nobody@example.kz"])
    assert exit_.value.code != 0
    assert "No account has this e-mail." in str(exit_.value.code)


@pytest.mark.django_db
def test_a_token_is_printed_for_a_known_email(capsys) -> None:
    make_user(email="aigul@example.kz")
    assert main(["token", "Aigul@Example.kz"]) == 0
    assert len(capsys.readouterr().out.strip()) > 40
