import sys

from django.core.management.base import BaseCommand

from efficiency_center.services_check import broker_problem, database_problem


class Command(BaseCommand):
    help = "Check that the database and the Celery broker are reachable (one line per problem)."

    def handle(self, *args, **options):
        problems = [p for p in (database_problem(), broker_problem()) if p]
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            sys.exit(1)
        self.stdout.write("数据库与消息队列均可连接。")
