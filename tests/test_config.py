"""Settings from the environment (jianxi/config.py): the Secure flag of the session cookie, and a secret
key made once and kept in the instance folder."""


def test_secure_cookie_flag_from_environment(monkeypatch, tmp_path):
    from jianxi import config

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert config.from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.delenv("SESSION_COOKIE_SECURE")
    assert config.from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_secret_key_generated_once_into_instance(monkeypatch, tmp_path):
    from jianxi import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.from_environment(tmp_path)["SECRET_KEY"]
    assert len(first) >= 32 and (tmp_path / "secret_key").read_text() == first
    assert config.from_environment(tmp_path)["SECRET_KEY"] == first
