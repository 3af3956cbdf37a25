"""Flask extensions created once and bound to the app in create_app (the database handle is jianxi.db)."""
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
