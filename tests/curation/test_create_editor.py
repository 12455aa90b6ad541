"""create_editor: a staff account in the right group, a validated password from the terminal or
from $DJANGO_EDITOR_PASSWORD, a clear CommandError for every mistake, and the command that
`make run` prints working as printed."""

import io
import os
import re
import shlex
import shutil
import sqlite3
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.curation.roles import EDITORS, VIEWERS

PASSWORD = "Biên-tập-viên-2026!"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def create(*args, **options):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def env_password(monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", PASSWORD)


@pytest.fixture
def typed(monkeypatch):
    """What the user types at the two password prompts."""

    def answers(*values):
        replies = iter(values)

        def getpass(prompt):
            reply = next(replies)
            if isinstance(reply, BaseException):
                raise reply
            return reply

        monkeypatch.setattr("getpass.getpass", getpass)

    return answers


def test_noinput_reads_the_password_from_the_environment(db, django_user_model, env_password):
    out = create("bien-tap-moi", "--noinput", email="bt@example.org")
    user = django_user_model.objects.get(username="bien-tap-moi")
    assert user.is_staff and not user.is_superuser and user.is_active
    assert user.check_password(PASSWORD)
    assert user.email == "bt@example.org"
    assert [group.name for group in user.groups.all()] == [EDITORS]
    assert "Created staff user 'bien-tap-moi' in group 'editors'" in out
    assert "two-step verification" in out and "/admin/xac-thuc-hai-buoc/" in out


def test_viewer_goes_to_the_viewers_group(db, django_user_model, env_password):
    create("nguoi-xem-moi", "--viewer", "--no-input")
    user = django_user_model.objects.get(username="nguoi-xem-moi")
    assert [group.name for group in user.groups.all()] == [VIEWERS]


def test_the_password_is_asked_twice_at_a_terminal(db, django_user_model, typed):
    typed(PASSWORD, PASSWORD)
    create("bien-tap-moi", stdin=Terminal())
    assert django_user_model.objects.get(username="bien-tap-moi").check_password(PASSWORD)


def test_the_environment_is_ignored_when_asking(db, django_user_model, typed, env_password):
    typed("Mật-khẩu-gõ-vào-2026", "Mật-khẩu-gõ-vào-2026")
    create("bien-tap-moi", stdin=Terminal())
    assert django_user_model.objects.get(username="bien-tap-moi").check_password("Mật-khẩu-gõ-vào-2026")


def test_no_password_makes_an_unusable_one(db, django_user_model):
    create("bien-tap-moi", "--no-password", "--noinput")
    assert not django_user_model.objects.get(username="bien-tap-moi").has_usable_password()


def refused(*args, match, **options):
    with pytest.raises(CommandError, match=match):
        create(*args, **options)


@pytest.mark.parametrize(
    "password, reason",
    [
        ("ngắn", "too short"),
        ("password123", "too common"),
        ("73920581736", "entirely numeric"),
        ("bien-tap-moi-1", "too similar to the username"),
    ],
)
def test_the_password_validators_apply(db, django_user_model, monkeypatch, password, reason):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", password)
    refused("bien-tap-moi", "--noinput", match=f"^password refused: .*{reason}")
    assert not django_user_model.objects.filter(username="bien-tap-moi").exists()


def test_the_validators_apply_at_the_terminal_too(db, django_user_model, typed):
    typed("12345678", "12345678")
    refused("bien-tap-moi", stdin=Terminal(), match="^password refused: .*too common")
    assert not django_user_model.objects.filter(username="bien-tap-moi").exists()


def test_noinput_without_the_variable_is_refused(db, django_user_model, monkeypatch):
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)
    refused("bien-tap-moi", "--noinput", match="needs the password in the DJANGO_EDITOR_PASSWORD environment variable")
    assert not django_user_model.objects.filter(username="bien-tap-moi").exists()


def test_no_terminal_and_no_noinput_is_refused(db, django_user_model):
    refused("bien-tap-moi", stdin=io.StringIO(PASSWORD + "\n"), match="no terminal .*--noinput")
    assert not django_user_model.objects.filter(username="bien-tap-moi").exists()


@pytest.mark.parametrize(
    "answers, match",
    [
        ((PASSWORD, PASSWORD + "x"), "the two passwords differ"),
        (("", ""), "the password is empty"),
        ((EOFError(),), "cancelled"),
        ((PASSWORD, KeyboardInterrupt()), "cancelled"),
    ],
)
def test_prompt_mistakes_create_nothing(db, django_user_model, typed, answers, match):
    typed(*answers)
    refused("bien-tap-moi", stdin=Terminal(), match=match)
    assert not django_user_model.objects.filter(username="bien-tap-moi").exists()


@pytest.mark.parametrize("username", ["bien-tap", "Bien-Tap"])
def test_an_existing_username_is_refused(db, django_user_model, env_password, username):
    existing = django_user_model.objects.create_user("bien-tap", password="Mật-khẩu-cũ-2026", is_staff=True)
    refused(username, "--noinput", match=r"^user 'bien-tap' already exists: .*changepassword bien-tap")
    existing.refresh_from_db()
    assert existing.check_password("Mật-khẩu-cũ-2026")
    assert django_user_model.objects.count() == 1


@pytest.mark.parametrize("username", ["", "   ", "có dấu cách", "x" * 151])
def test_a_bad_username_is_refused(db, django_user_model, env_password, username):
    refused(username, "--noinput", match="^username .* refused: ")
    assert not django_user_model.objects.exists()


def test_a_bad_email_is_refused(db, django_user_model, env_password):
    refused("bien-tap-moi", "--noinput", email="không-phải-email", match="--email: .* not a valid email address")
    assert not django_user_model.objects.exists()


# -- the command as `make run` prints it, in a process of its own -------------------------------


def printed_commands():
    """The create_editor commands the `run` target prints, read from `make -n run`."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    shown = subprocess.run(
        ["make", "-n", "run"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    commands = re.findall(r"((?:\w+=\S+ )*\S+/python manage\.py create_editor <username>[^)\"]*)", shown)
    assert len(commands) == 2, shown  # the one that asks, and the one for scripts
    return commands


def run_printed(command, env, **values):
    """Run a printed command line, its `NAME=value` prefixes as environment, placeholders filled in."""
    words = shlex.split(command)
    env = dict(env)
    while re.fullmatch(r"\w+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    words = [values.get(word, word) for word in words]
    env = {name: values.get(value, value) for name, value in env.items()}
    # A session of its own: no controlling terminal, as in a script or CI.
    return subprocess.run(
        words,
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )


def test_the_printed_commands_work_as_printed(tmp_path):
    python = settings.BASE_DIR / ".venv" / "bin" / "python"
    if not python.exists():
        pytest.skip("no .venv to run the printed commands with")
    asking, scripted = printed_commands()
    database = tmp_path / "portal.sqlite3"
    # Only what any shell has, and the throw-away database: no DEBUG, SECRET_KEY or settings module.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    unmigrated = run_printed(scripted, env, **{"<username>": "bien-tap-moi", "<password>": PASSWORD})
    assert unmigrated.returncode == 1
    assert "CommandError: cannot read the users from the database" in unmigrated.stderr
    assert "Traceback" not in unmigrated.stderr

    migrate = subprocess.run(
        [str(python), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr

    done = run_printed(scripted, env, **{"<username>": "bien-tap-moi", "<password>": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert "Created staff user 'bien-tap-moi' in group 'editors'" in done.stdout
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "select u.is_staff, u.is_superuser, g.name from auth_user u join auth_user_groups ug on ug.user_id = u.id"
            " join auth_group g on g.id = ug.group_id where u.username = 'bien-tap-moi'"
        ).fetchall()
    assert rows == [(1, 0, EDITORS)]

    # The asking form, run where nobody can type: a clear message, not a traceback or a hang.
    again = run_printed(asking, env, **{"<username>": "bien-tap-khac"})
    assert again.returncode == 1
    assert "CommandError: no terminal to ask the password at" in again.stderr
    assert "Traceback" not in again.stderr

    taken = run_printed(scripted, env, **{"<username>": "bien-tap-moi", "<password>": PASSWORD})
    assert taken.returncode == 1
    assert "CommandError: user 'bien-tap-moi' already exists" in taken.stderr
    assert "Traceback" not in taken.stderr
