"""``bankcomplaints demo``: one quarter of a small branch network, through the whole library.

The demo is a host of the library, written as a bank would write one, one concept per module:

* :mod:`~bankcomplaints.demo.network`: the branches and the staff who act in them;
* :mod:`~bankcomplaints.demo.lifecycle`: one complaint's life, from the counter to the close;
* :mod:`~bankcomplaints.demo.simulation`: 2025-Q4 with National Day: arrivals, repeats, a major complaint;
* :mod:`~bankcomplaints.demo.persistence`: the SQLite store, reload and hash-chain verification;
* :mod:`~bankcomplaints.demo.summary`: the figures counted from what was reloaded;
* :mod:`~bankcomplaints.demo.analysis`: the statistics behind the charts;
* :mod:`~bankcomplaints.demo.charts` and :mod:`~bankcomplaints.demo.report`: the HTML report with SVG charts;
* :mod:`~bankcomplaints.demo.progress` and :mod:`~bankcomplaints.demo.labels`: progress bars and the words in zh/en;
* :mod:`~bankcomplaints.demo.run`: all of it, stage by stage (what the command runs).
"""
