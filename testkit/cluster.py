"""A scale-out cluster's outside parts for tests and benchmarks: redis-server with the append-only
file fsynced on every write (so a restart loses nothing acknowledged), and Debian's nginx running
deploy/nginx/viva.conf in front of given node ports."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

NGINX_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "viva.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.workdir, self.port = workdir, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.workdir), "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if redis.Redis.from_url(self.url).ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


class Nginx:
    def __init__(self, workdir: Path, nodes: list[int]) -> None:
        self.workdir, self.port = workdir, free_port()
        conf = NGINX_CONF.read_text()
        conf = conf.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{nodes[0]}")
        conf = conf.replace("server 127.0.0.1:8002", f"server 127.0.0.1:{nodes[1]}")
        conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        conf = conf.replace("/var/log/nginx/viva.log", str(workdir / "access.log"))
        (workdir / "viva.conf").write_text(conf)
        (workdir / "nginx.conf").write_text(f"""daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/f; uwsgi_temp_path {workdir}/u; scgi_temp_path {workdir}/s;
    include {workdir}/viva.conf;
}}
""")
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        checked = subprocess.run([exe, "-t", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr  # deploy/nginx/viva.conf is valid nginx
        self.proc = subprocess.Popen([exe, "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
