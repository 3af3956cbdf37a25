"""Extensions created once and bound to the app in create_app."""
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from peewee import DatabaseProxy

db = DatabaseProxy()
compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
