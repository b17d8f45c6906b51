"""The one error an import raises."""

from __future__ import annotations

import re
from pathlib import Path

# an absolute path (/tmp/funnel_upload_x/leads.csv, /home/ann/data/a b.csv is cut at the space): keep its last part
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~/:])(?:/[^/\s'\"(),;:]+)+/([^/\s'\"(),;:]+)")


def without_paths(text: str) -> str:
    """A message with every absolute path of this machine (its first folder exists here: /tmp/…, /home/…)
    shortened to its file name: users see names, not the server's folders. A value such as '/api/x' stays."""

    def short(match: re.Match[str]) -> str:
        top = match.group(0).split("/")[1]
        return match.group(1) if Path("/", top).is_dir() else match.group(0)

    return _ABSOLUTE_PATH.sub(short, text)


class ImportRefused(Exception):
    """An import was refused; the message names the file, row and column (never a folder), and nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(without_paths(str(message)))
