"""Create a staff account for an editor (or a read-only viewer) of the admin."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.curation.roles import EDITORS, VIEWERS, ensure_groups


class Command(BaseCommand):
    help = "Create a staff user in the editors group (view/add/change, no delete) or the viewers group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--viewer", action="store_true", help="Read-only account.")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Create without a password (set one later with `manage.py changepassword`).",
        )

    def handle(self, *args, username, email, viewer, no_password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        user = User(username=username, email=email, is_staff=True)
        if no_password:
            user.set_unusable_password()
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            user.set_password(password)
        user.save()
        ensure_groups()
        group = Group.objects.get(name=VIEWERS if viewer else EDITORS)
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created staff user {username!r} in group {group.name!r}."))
