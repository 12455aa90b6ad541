"""Create the PostgreSQL database named by DATABASE_URL if it does not exist yet.

`make prod` runs it first, so production mode works on a machine whose PostgreSQL has only its
default databases. SQLite creates its file by itself; nothing to do there.
"""

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg2 import sql


class Command(BaseCommand):
    help = "Create the database of DATABASE_URL (PostgreSQL) when it is missing."

    def handle(self, *args, **options):
        settings = connections["default"].settings_dict
        if settings["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write(f"{settings['ENGINE']}: nothing to create.")
            return
        name = settings["NAME"]
        params = {
            "dbname": "postgres",
            "user": settings["USER"] or None,
            "password": settings["PASSWORD"] or None,
            "host": settings["HOST"] or None,
            "port": settings["PORT"] or None,
        }
        try:
            connection = psycopg2.connect(**{key: value for key, value in params.items() if value})
        except psycopg2.Error as error:
            raise CommandError(f"cannot reach PostgreSQL to create {name!r}: {error}".strip()) from None
        # CREATE DATABASE cannot run inside a transaction (psycopg2's `with connection` opens one).
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone():
                    self.stdout.write(f"Database {name!r} exists.")
                    return
                create = sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
                cursor.execute(create.format(sql.Identifier(name)))
        finally:
            connection.close()
        self.stdout.write(self.style.SUCCESS(f"Created database {name!r}."))
