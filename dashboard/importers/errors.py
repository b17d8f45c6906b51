"""The one error an import raises."""


class ImportRefused(Exception):
    """An import was refused; the message names the file, row and column, and nothing was changed."""
