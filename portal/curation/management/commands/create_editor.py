"""Create a staff account for an editor (or a read-only viewer) of the admin.

The password is asked twice at the terminal or, for scripts, read with --noinput from the
DJANGO_EDITOR_PASSWORD environment variable, as createsuperuser reads DJANGO_SUPERUSER_PASSWORD.
Never from an argument: `ps` and the shell history would show it. Either way it goes through
AUTH_PASSWORD_VALIDATORS. Every failure is a CommandError (one line, exit status 1), never a
traceback, and creates nothing.

Messages are in English, like the other commands' (translations are off while it runs).
"""

import getpass
import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from portal.curation.roles import EDITORS, VIEWERS, ensure_groups

PASSWORD_ENV = "DJANGO_EDITOR_PASSWORD"


def messages(exc):
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "Create a staff user in the editors group (view/add/change, no delete) or, with --viewer, the "
        f"viewers group. Asks for the password; with --noinput, reads it from ${PASSWORD_ENV}."
    )
    # call_command(..., stdin=...) in tests, as for createsuperuser.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--viewer", action="store_true", help="Read-only account.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing: the password comes from the {PASSWORD_ENV} environment variable.",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Create without a password (set one later with `manage.py changepassword`).",
        )

    @no_translations
    def handle(self, *args, username, email, viewer, no_password, interactive, **options):
        User = get_user_model()
        username = self.clean_username(User, username)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"--email: {email!r} is not a valid email address") from None
        try:
            existing = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
        except DatabaseError as exc:
            raise CommandError(
                f"cannot read the users from the database ({exc}); has `manage.py migrate` run?"
            ) from None
        if existing is not None:
            raise CommandError(
                f"user {existing.get_username()!r} already exists: choose another username, or change that "
                f"account's password with `manage.py changepassword {existing.get_username()}`"
            )

        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        if no_password:
            user.set_unusable_password()
        else:
            password = self.ask_password(options.get("stdin") or sys.stdin) if interactive else self.env_password()
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(f"password refused: {messages(exc)}") from None
            user.set_password(password)

        group_name = VIEWERS if viewer else EDITORS
        try:
            with transaction.atomic():
                user.save()
                ensure_groups()
                user.groups.add(Group.objects.get(name=group_name))
        except IntegrityError:
            raise CommandError(f"user {username!r} already exists (created meanwhile); nothing was changed") from None
        except DatabaseError as exc:
            raise CommandError(f"cannot create the user ({exc}); has `manage.py migrate` run?") from None
        if options["verbosity"] >= 1:
            rights = "may view only" if viewer else "may view, add and change, not delete"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created staff user {username!r} in group {group_name!r} ({rights}); "
                    f"they log in at /{settings.ADMIN_URL} and may turn on two-step verification "
                    f"(an authenticator app) at {reverse('two-factor')}."
                )
            )

    def clean_username(self, User, raw):
        field = User._meta.get_field(User.USERNAME_FIELD)
        try:
            return field.clean(raw.strip(), None)
        except ValidationError as exc:
            raise CommandError(f"username {raw!r} refused: {messages(exc)}") from None

    def env_password(self):
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise CommandError(
                f"--noinput needs the password in the {PASSWORD_ENV} environment variable "
                "(or --no-password for an account without one)"
            )
        return password

    def ask_password(self, stdin):
        # getpass would otherwise read a pipe in clear, or wait on a terminal nobody watches.
        if not (hasattr(stdin, "isatty") and stdin.isatty()):
            raise CommandError(
                f"no terminal to ask the password at: set {PASSWORD_ENV} and add --noinput (nothing was created)"
            )
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("cancelled; nothing was created") from None
        if not password:
            raise CommandError("the password is empty; nothing was created")
        if password != again:
            raise CommandError("the two passwords differ; nothing was created")
        return password
