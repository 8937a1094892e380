# The two commands of the README: `make run` and `make test`. Both install what they need.
SAMPLE := samples/kernel-build.jsonl.gz

.PHONY: run test bench generated conformance venv

venv:
	@scripts/bootstrap

run: venv
	.venv/bin/rego2py signatures/ -o build/generated --no-format
	.venv/bin/rego2py run build/generated $(SAMPLE) --format text --stats

test: venv
	.venv/bin/python -m pytest -n auto --dist loadfile

generated: venv
	.venv/bin/rego2py signatures/ -o generated/

conformance: venv
	.venv/bin/rego2py conformance ../shared/conformance/v1

bench: venv
	.venv/bin/rego2py bench
