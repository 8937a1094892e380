"""``rego2py run`` across processes and machines: inputs cut into parts
(``partition``), matched by tasks (``tasks``) on an executor (``executors``:
a local process pool or a Dask cluster), results merged in input order
(``execute``)."""
