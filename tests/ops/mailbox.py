"""An email backend for live-worker tests: every message sent is one JSON line in the file named
by $TEST_MAILBOX (appended under a lock, so that several worker processes can share it)."""

import fcntl
import json
import os

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        path = os.environ["TEST_MAILBOX"]
        with open(path, "a", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            for message in messages:
                line = {"to": list(message.to), "subject": message.subject, "pid": os.getpid()}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
            f.flush()
        return len(messages)


def read(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
