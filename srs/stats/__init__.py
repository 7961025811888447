"""Progress statistics for ``srs stats``: pure functions over rows of the review database.

One view per module, each a function from the rows a query returns to a small dataclass: card states
(:mod:`.states`), reviews per day with the streak and the time spent (:mod:`.activity`), the due forecast
(:mod:`.forecast`), retention (:mod:`.retention`), the hardest cards (:mod:`.hardest`). The SQL is at the
edge, in :mod:`.queries`; :mod:`.report` runs it and gathers the views (and their JSON);
:mod:`.draw` draws them for a terminal.
"""
