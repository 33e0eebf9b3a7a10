"""Performance and channel-shift reports for managers and councillors.

``definitions`` says what first response, closed and overdue mean; ``period`` reads the date range;
``calendar`` counts working days in SQL; ``figures`` adds cases up in the database, straight from
the cases (``direct``) or from the daily roll-up of settled days (``rollup``, ``rollup_months``,
read by ``rolled``); ``charts`` draws them as SVG; ``views`` is the page and its CSV downloads;
``export`` streams the files; ``cli`` is ``flask report performance`` and ``flask report rollup``;
``demo`` fills a database with believable cases.
"""
