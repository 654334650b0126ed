from click.testing import CliRunner

from geo.cli import main


def test_serving_off_loopback_needs_a_token(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTLINE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--no-gazetteer", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "listening on 0.0.0.0 needs --token (or $FRONTLINE_TOKEN)" in result.stderr
    assert not (tmp_path / "s.db").exists()


def test_the_token_and_the_address_reach_the_server(tmp_path, monkeypatch):
    started = {}
    monkeypatch.setenv("FRONTLINE_TOKEN", "s3cret")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.update(app=app, **options))
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9999", "--no-gazetteer",
                                       "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"], started["app"].state.token) == ("0.0.0.0", 9999, "s3cret")
    assert "/review?token=s3cret" in result.stderr
