"""The instructor editions of the course, made from the same notebooks as the website.

- ``editions.book``: what the book's sources hold (chapters and their numbers, figures, equations,
  exercises, citations) and the MyST markdown of a cell split into blocks.
- ``editions.slides``: one reveal.js deck per chapter (``make slides``).
- ``editions.student``: notebooks and a site without solutions and claim checks, and the leak
  check that guards them (``make student``).
- ``editions.offline``: the site, the decks and the student notebooks in one zip
  (``make offline``).
- ``editions.retarget``: the repository URL rewritten everywhere (``make retarget``).
- ``editions.browser``: headless Chromium with the network off, for the tests.

Nothing here writes into ``book/``: every edition is derived at build time into ``_build/``.
Run a module with ``PYTHONPATH=scripts python -m editions.<name>`` (the Makefile does).
"""
