"""What the trial tests of `map` share: a file written into the test's folder, and the mapping `map` proposes for
it, written as a mapping file and read back (as a user running `map` then `import` gets it)."""

from __future__ import annotations

from pathlib import Path

from dashboard.importers.mapping import TableMapping, load_mapping
from dashboard.importers.propose import Proposal, proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """`text` written to `name` in the test's folder."""
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def proposal_and_mapping(tmp_path: Path, kind: str, path: Path) -> tuple[Proposal, TableMapping]:
    """The proposal `map` makes for a file, and its mapping written as a mapping file and read back."""
    p = proposal_for(kind, stage_file(path), {})
    toml = tmp_path / f"{path.stem}.toml"
    toml.write_text(to_toml({kind: p.mapping}, {kind: p.reasons}), encoding="utf-8")
    return p, load_mapping(toml)[kind]


def proposed(tmp_path: Path, kind: str, path: Path) -> TableMapping:
    """The mapping `map` proposes for a file, written as a mapping file and read back."""
    return proposal_and_mapping(tmp_path, kind, path)[1]
