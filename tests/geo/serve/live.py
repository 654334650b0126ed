"""A real frontline server on 127.0.0.1 in a thread, for the tests and bench/bench_serve.py."""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request

import uvicorn


class LiveServer:
    """uvicorn serving ``app`` on a free loopback port in a thread."""

    def __init__(self, app) -> None:
        self.app = app
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        for _ in range(200):  # bounded: 10 s at most
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    @property
    def token(self) -> str:
        return self.app.state.token

    def request(self, path: str, *, method: str = "GET", body=None, headers=None, raw: bytes | None = None):
        """(status, parsed JSON or text) of one request; errors are answers too."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, _decode(response)
        except urllib.error.HTTPError as error:
            return error.code, _decode(error)

    def post_review(self, claim_id: str, body, **headers):
        sent = {"Content-Type": "application/json", "Origin": self.url, "X-Frontline-Token": self.token}
        sent.update(headers)
        sent = {k: v for k, v in sent.items() if v is not None}
        return self.request(f"/api/claims/{claim_id}/review", method="POST", body=body, headers=sent)


def _decode(response):
    text = response.read().decode("utf-8")
    kind = response.headers.get("Content-Type", "")
    return json.loads(text) if "json" in kind else text
