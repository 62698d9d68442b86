"""Your own fork in one command: ``make retarget REPO=https://github.com/you/yourfork``.

The course's repository is named in ``_config.yml`` (``repository.url``: the launch, edit and
repository buttons), in every notebook's setup cell (the Colab install line
``pip install "lrcourse[plots,data] @ git+https://github.com/owner/name"``), in CONTRIBUTING.md
(which shows that cell), in ``tests/test_book.py`` (``REPO_URL``, from which its launch-link
checks derive the Binder and Colab addresses) and wherever else a file links to it. This script
rewrites every occurrence in the repository's files, as ``https://github.com/owner/name`` and
as the ``gh/owner/name`` and ``github/owner/name`` forms of Binder and Colab addresses, and
nothing else: each file is changed only where it named the old repository.
``tests/test_retarget.py`` checks that every place names the same repository.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

import yaml

from editions.book import ROOT

_GITHUB = re.compile(r"^https://github\.com/(?P<slug>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
                     r"/[A-Za-z0-9._-]+)$")
#: Every way a file names a GitHub repository: plain links and install lines, Binder's and
#: Colab's launch addresses.
REPO_MENTION = re.compile(r"(?:github\.com/|mybinder\.org/v2/gh/|colab\.research\.google\.com"
                          r"/github/)(?P<slug>[A-Za-z0-9-]+/[A-Za-z0-9._-]*[A-Za-z0-9_-])")
#: Placeholders in examples and usage lines ("make retarget REPO=https://github.com/you/yourfork"),
#: not the course's repository.
EXAMPLES = {"you/yourfork", "owner/name"}
SKIP_DIRS = {".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache",
             ".ruff_cache", ".ipynb_checkpoints"}


def parse_repo(url: str) -> str:
    """``owner/name`` of a GitHub repository URL, which may end in ``/`` or ``.git``."""
    if not isinstance(url, str):
        raise TypeError(f"REPO must be a string, got {type(url).__name__}")
    cleaned = url.strip().removesuffix("/").removesuffix(".git")
    match = _GITHUB.match(cleaned)
    if not match:
        raise ValueError(f"REPO={url!r} is not a GitHub repository URL: expected "
                         "https://github.com/<owner>/<name> (the launch buttons of the book "
                         "support GitHub only)")
    return match.group("slug")


def current_repo(root: Path = ROOT) -> str:
    """``owner/name`` of the repository ``_config.yml`` names."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return parse_repo(config["repository"]["url"])


def text_files(root: Path = ROOT) -> list[Path]:
    """The repository's text files: those git tracks, or (outside a git checkout) every file
    outside build, cache and environment folders."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                            check=False)
    if listed.returncode == 0 and (root / ".git").exists():
        paths = [root / name for name in listed.stdout.decode().split("\0") if name]
    else:
        paths = [p for p in root.rglob("*")
                 if p.is_file() and not SKIP_DIRS & set(p.relative_to(root).parts)]
    found = []
    for path in sorted(paths):
        try:
            path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        found.append(path)
    return found


def mentions(root: Path = ROOT) -> list[tuple[Path, str]]:
    """Every (file, ``owner/name``) where a text file of the repository names a GitHub
    repository, the placeholders of examples (``EXAMPLES``) left out."""
    return [(path, match.group("slug")) for path in text_files(root)
            for match in REPO_MENTION.finditer(path.read_text(encoding="utf-8"))
            if match.group("slug") not in EXAMPLES]


def retarget(new_url: str, root: Path = ROOT) -> list[Path]:
    """Rewrite every mention of the current repository to ``new_url``; the changed files."""
    new = parse_repo(new_url)
    old = current_repo(root)
    if new == old:
        return []
    pattern = re.compile(r"(?P<prefix>github\.com/|mybinder\.org/v2/gh/|colab\.research\.google"
                         r"\.com/github/)" + re.escape(old) + r"(?![A-Za-z0-9._-])")
    changes = {}
    for path in text_files(root):
        text = path.read_text(encoding="utf-8")
        rewritten = pattern.sub(lambda m: m.group("prefix") + new, text)
        if rewritten != text:
            changes[path] = rewritten
    for path, text in changes.items():  # written only after every file was read
        path.write_text(text, encoding="utf-8")
    return sorted(changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", help="https://github.com/<owner>/<name> of your fork")
    args = parser.parse_args(argv)
    try:
        changed = retarget(args.repo)
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    for path in changed:
        print(f"retargeted {path.relative_to(ROOT)}")
    print(f"{len(changed)} files now name https://github.com/{current_repo()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
