from jianxi import create_app

app = create_app()
