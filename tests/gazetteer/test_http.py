"""What frontline tells a server it is (issue 14, item 8)."""
from __future__ import annotations

from gazetteer import http


def test_downloads_name_frontline_its_version_and_the_users_contact(server, tmp_path, monkeypatch):
    base, routes, _ = server
    agents = []

    def answer(handler):
        agents.append(handler.headers["User-Agent"])
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    routes["/f"] = answer
    monkeypatch.setenv("FRONTLINE_CONTACT", "analyst@example.org")
    http.download(f"{base}/f", tmp_path / "f")
    monkeypatch.delenv("FRONTLINE_CONTACT")
    http.download(f"{base}/f", tmp_path / "g")
    assert agents[0].startswith("frontline/") and agents[0].endswith("; analyst@example.org)")
    assert "placeholder" not in agents[1] and agents[1].startswith("frontline/") and "@" not in agents[1]


def test_the_geocoder_sends_the_same_agent(monkeypatch):
    monkeypatch.setenv("FRONTLINE_CONTACT", "analyst@example.org")
    assert http.nominatim(domain="127.0.0.1:9").headers["User-Agent"] == http.default_user_agent()
