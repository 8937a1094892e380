"""What Tracee really sends: its event tables per version (schema.py,
tables/), its two JSON formats (formats.py), parsed argument values
(values.py), events made true to a version (conform.py) and the signature
check against a version (check.py)."""
