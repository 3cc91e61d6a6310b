"""A real PgBouncer (Debian's ``pgbouncer``) in transaction mode in front of the test
PostgreSQL, on a free port, for the run that sets ``SCOREBRIDGE_TEST_PGBOUNCER=1``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

CONFIG = """\
[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {auth_file}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PgBouncer:
    process: subprocess.Popen[bytes]
    port: int
    folder: Path

    @classmethod
    def start(cls, postgres_url: str) -> PgBouncer:
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(binary).exists():
            raise RuntimeError("pgbouncer is not installed: run `make pgbouncer`")
        url = make_url(postgres_url)
        folder = Path(tempfile.mkdtemp(prefix="scorebridge-pgbouncer-"))
        folder.chmod(0o755)  # PgBouncer refuses to run as root: it reads these as another user
        auth_file = folder / "users.txt"
        auth_file.write_text(f'"{url.username or os.environ.get("USER", "postgres")}" ""\n')
        port = _free_port()
        config = folder / "pgbouncer.ini"
        config.write_text(
            CONFIG.format(
                host=url.host or "127.0.0.1",
                port=url.port or 5432,
                listen=port,
                auth_file=auth_file,
            )
        )
        for path in (auth_file, config):
            path.chmod(0o644)
        command = [binary, str(config)]
        if os.geteuid() == 0:
            command[1:1] = ["-u", "nobody"]
        # Its log goes to a file: a pipe nobody reads fills up, and PgBouncer then stops dead.
        with (folder / "pgbouncer.log").open("wb") as log:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        bouncer = cls(process, port, folder)
        bouncer._wait_until_listening()
        return bouncer

    def _wait_until_listening(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "pgbouncer.log").read_text(errors="replace")
                raise RuntimeError(f"pgbouncer exited: {log[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("pgbouncer did not start listening")

    def route(self, database_url: str) -> str:
        """``database_url`` with PgBouncer's address in place of PostgreSQL's."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
