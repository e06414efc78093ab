"""The engines: what runs the enabled rules over an audit, and how it is held.

* :mod:`~svccheck.engines.choice` -- which engine checks an audit
  (``--engine``), and starting it;
* :mod:`~svccheck.engines.contract` -- what every engine takes and what it
  hands the reports;
* :mod:`~svccheck.engines.memory`, :mod:`~svccheck.engines.stream`,
  :mod:`~svccheck.engines.dask` -- the three engines (the dask engine's
  worker tasks in :mod:`~svccheck.engines.dask_tasks`);
* what they share: :mod:`~svccheck.engines.rule_execution` (one rule run,
  its findings normalised), :mod:`~svccheck.engines.partition` (which part a
  row goes to), :mod:`~svccheck.engines.in_parts` (a standard run part by
  part and combined), :mod:`~svccheck.engines.spill` (parts on disk),
  :mod:`~svccheck.engines.disk_sort` (findings ordered on disk) and
  :mod:`~svccheck.engines.findings_frame` (findings in memory or on disk, as
  the reports read them).

Nothing is imported here: a module that needs only the contract (a reader,
a reporter) does not load the engines with it.
"""
