"""The ceiling: a bare Flask hello-world, served exactly as quizapp is (gunicorn, same workers)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
