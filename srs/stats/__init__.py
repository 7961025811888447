"""Progress statistics for ``srs stats``: pure functions over rows of the review database.

One view per module, each a function from the rows a query returns to a small dataclass: card states
(:mod:`.states`), reviews per day with the streak and the time spent (:mod:`.activity`), the due forecast
(:mod:`.forecast`), retention and the cram grades' share (:mod:`.retention`), the hardest cards
(:mod:`.hardest`). Which kinds of grade each view counts is in :mod:`.kinds`: cram grades are in no SM-2
figure; they count for the calendar and the streak, and have their own line and part of the time. The SQL
is at the edge, in :mod:`.queries`; :mod:`.report` runs it and gathers the views (and their JSON);
:mod:`.draw` draws them for a terminal.
"""
