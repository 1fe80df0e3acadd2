"""quizapp: learn the facts of a story by quiz and flashcard."""

__version__ = "0.1.0"
