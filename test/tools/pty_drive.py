"""Drive a command through a pseudo-terminal, as a person at a keyboard would.

Usage: python3 pty_drive.py SCRIPT_JSON -- COMMAND [ARG ...]
SCRIPT_JSON is a list of [pattern, keys]: wait until the screen output (ANSI codes removed) matches the
regular expression `pattern` since the previous step, then type `keys`. Prints JSON
{"exitCode": int, "signal": int|null, "transcript": str, "timedOut": bool}. Every wait is bounded.
"""

import json
import os
import pty
import re
import select
import signal
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
STEP_TIMEOUT = float(os.environ.get("PTY_STEP_TIMEOUT", "120"))  # a hang, not a busy machine


def main(script, command):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    raw = b""
    seen = 0
    timed_out = False

    def read_some(timeout):
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        raw += chunk
        return True

    for pattern, keys in script:
        deadline = time.time() + STEP_TIMEOUT
        regex = re.compile(pattern)
        while True:
            screen = ANSI.sub("", raw[seen:].decode("utf-8", "replace"))
            match = regex.search(screen)
            if match:
                seen = len(raw)
                break
            if time.time() > deadline or not read_some(0.1):
                timed_out = time.time() > deadline
                break
        if timed_out:
            break
        time.sleep(0.05)
        os.write(fd, keys.encode())

    deadline = time.time() + STEP_TIMEOUT
    status = None
    while status is None:
        done, waited = os.waitpid(pid, os.WNOHANG)
        if done:
            status = waited
        elif time.time() > deadline:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            status = os.waitpid(pid, 0)[1]
        elif not read_some(0.1):
            time.sleep(0.05)
    while read_some(0):
        pass
    print(json.dumps({
        "exitCode": os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "transcript": ANSI.sub("", raw.decode("utf-8", "replace")),
        "timedOut": timed_out,
    }))


if __name__ == "__main__":
    separator = sys.argv.index("--")
    main(json.loads(sys.argv[1]), sys.argv[separator + 1:])
