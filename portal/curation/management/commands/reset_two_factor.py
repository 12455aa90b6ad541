"""Remove an account's two-step devices, for an editor who lost or replaced their phone.

They then log in with the password alone (a superuser is sent straight to enrol again) and
enrol the new phone at the admin's "Xác thực hai bước" page. Messages are in English, like the
other commands'.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a user's two-step verification devices (lost phone); they enrol again at next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @no_translations
    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Removed {removed} two-step device(s) of {user.get_username()!r}; they may enrol a new "
                "one at the admin's two-step page after logging in."
            )
