"""``rego2py bench``: Tracee's CPU study with rego2py as a new row.

Modules, one job each:

- ``stream``: the event stream (the workload generator's kernel build), as raw lines;
- ``handwritten``: signatures written by hand in plain Python (the bound): the first five
  and every one that selects security_file_open;
- ``perevent``: per security_file_open event, engine against hand-written, with and
  without dispatch, matching against decoding (interleaved, ratios per run);
- ``opa``: the corpus loaded into embedded OPA (per-signature queries, the
  all-in-one policy, the trivial policy that measures the bindings' fixed cost);
- ``rows``: each row of the table: decode the lines itself, then match;
- ``scaling``: the corpus replicated to N signatures, transpiled, measured;
- ``flame``: flame graphs (py-spy, one subprocess per row);
- ``report``: the machine, the figures, REPORT.md and the plot.
"""
