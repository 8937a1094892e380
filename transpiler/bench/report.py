"""The machine, the ratios, the plot and REPORT.md of ``rego2py bench``."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

from .measure import RowResult
from .suite import TITLES

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        if head.returncode:
            return "unknown"
        return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine_info(with_opa: bool) -> dict:
    from .opa import opa_version

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "opa": opa_version() if with_opa else "not run",
        "commit": _commit(),
        "platform": platform.platform(),
    }


# ------------------------------------------------------------------- figures


def row_dict(r: RowResult) -> dict:
    lo, hi = r.spread_us
    return {
        "key": r.row.key,
        "title": r.row.title,
        "sample": r.row.sample,
        "kind": r.row.kind,
        "events": r.events,
        "calls_per_event": r.calls_per_event,
        "findings": r.outcome.findings,
        "errors": r.outcome.errors,
        "findings_by_signature": r.outcome.by_signature,
        "us_per_event": r.us_per_event,
        "spread_us": [lo, hi],
        "events_per_s": r.events_per_s,
        "cpu_s": r.cpu,
        "wall_s": r.wall,
        "rss_kib": r.rss_kib,
        "py_kib": r.py_kib,
    }


def ratios(res: dict) -> dict:
    """The ratios between rows of the same run."""
    rows = {r["key"]: r for r in res["rows"]}
    us = {k: r["us_per_event"] for k, r in rows.items()}
    out: dict = {}
    if "decode" in us and "rego2py" in us:
        d, e = us["decode"], us["rego2py"]
        out["rego2py_over_decode"] = e / d if d else None
        out["rego2py_matching_over_decode"] = (e - d) / d if d else None
    if "hand5" in us and "rego2py5" in us and "decode" in us:
        d = us["decode"]
        h, g = us["hand5"] - d, us["rego2py5"] - d
        out["rego2py5_over_hand5_matching"] = g / h if h > 0 else None
    if "hand_open" in us and "rego2py_open" in us and "decode" in us:
        d = us["decode"]
        h, g = us["hand_open"] - d, us["rego2py_open"] - d
        out["rego2py_open_over_hand_open_matching"] = g / h if h > 0 else None
    sm = res.get("handwritten_summary") or {}
    if sm.get("signatures"):  # signatures the stream called (a ratio over no calls is no figure)
        out["per_signature_generated_over_hand_median"] = sm["median"]
    if "opa_fixed" in us and "decode_opa" in us and "rego2py_opa" in us:
        d, e = us["decode_opa"], us["rego2py_opa"]
        fixed = max(0.0, us["opa_fixed"] - d)  # per call, the decoding left out
        out["opa_fixed_us_per_call"] = fixed
        for key in ("opa_sig", "opa_aio"):
            if key not in us:
                continue
            cpe = rows[key]["calls_per_event"]
            whole = us[key]
            less = whole - cpe * fixed
            out[key] = {
                "us_per_event": whole,
                "calls_per_event": cpe,
                "fixed_us_per_event": cpe * fixed,
                "less_fixed_us_per_event": less,
                "rego2py_us_per_event": e,
                "opa_over_rego2py": whole / e if e else None,
                "opa_less_fixed_over_rego2py": less / e if e else None,
                "rego2py_over_opa_less_fixed": e / less if less > 0 else None,
                "matching_only_opa_less_fixed_over_rego2py": (less - d) / (e - d) if e > d else None,
            }
    return out


# ---------------------------------------------------------------------- plot


def plot_scaling(scaling: dict, path: Path) -> str | None:
    """The cost per event against the number of signatures, as PNG; returns
    the file name, or why there is no plot."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    pts = scaling["points"]
    if not pts:
        return None
    n = [p["signatures"] for p in pts]
    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=110)
    ax.plot(n, [p["same_us"] for p in pts], "o-", label="rego2py engine, copies select the same events")
    ax.plot(n, [p["absent_us"] for p in pts], "s--", label="rego2py engine, added signatures select absent events")
    opa_pts = [(p["signatures"], p["opa_us"]) for p in pts if p.get("opa_us")]
    if opa_pts:
        ax.plot([a for a, _ in opa_pts], [b for _, b in opa_pts], "^-", color="tab:red", label="OPA, one query per selecting signature")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("signatures")
    ax.set_ylabel("CPU µs per event (median)")
    ax.set_title(f"Cost per event against the number of signatures (corpus: {scaling['corpus']})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path.name


# -------------------------------------------------------------------- report


def _f(x, digits=1) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        if x != x:
            return "–"
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        return f"{x:,.{digits}f}"
    return f"{x:,}"


_PER_EVENT_ROWS = {
    "decode": "decoding only",
    "engine": "rego2py engine, whole corpus (decode, dispatch, match)",
    "hand_dispatch": "hand-written: decode, dispatch by hand, match",
    "gen_matching": "generated functions of the selected signatures, dispatch precomputed (matching only)",
    "hand_matching": "hand-written functions of the same signatures, dispatch precomputed (matching only)",
}

_PER_EVENT_RATIOS = {
    "engine_over_hand_dispatch": "with dispatch: engine / hand-written (decoding included)",
    "engine_over_hand_dispatch_less_decoding": "with dispatch, decoding taken out: engine / hand-written",
    "gen_over_hand_matching": "without dispatch: generated / hand-written matching",
    "gen_matching_over_decode": "generated matching / decoding",
    "hand_matching_over_decode": "hand-written matching / decoding",
    "engine_over_decode": "engine / decoding",
}


def per_event_section(pe: dict) -> list[str]:
    if not pe.get("events"):
        return []
    L = [
        "",
        f"## Per event: {pe['event']}, every selecting signature hand-written",
        "",
        f"{pe['events']:,} {pe['event']} events of the stream, {_f(pe['calls_per_event'], 1)} selected signatures per",
        "event; the rows run interleaved in each repeat; a ratio is the median (and range) of the per-repeat ratios.",
        "",
        "| row | CPU µs/event | findings |",
        "| --- | ---: | ---: |",
    ]
    for k, title in _PER_EVENT_ROWS.items():
        L.append(f"| {title} | {_f(pe['us_per_event'][k], 2)} | {pe['findings'].get(k, '–')} |")
    L += ["", "| ratio | median | range |", "| --- | ---: | ---: |"]
    for k, title in _PER_EVENT_RATIOS.items():
        r = pe["ratios"].get(k)
        L.append(f"| {title} | {_f(r['median'], 2)} | {_f(r['min'], 2)}–{_f(r['max'], 2)} |" if r else f"| {title} | – | – |")
    return L


def render(res: dict) -> str:
    m = res["machine"]
    a = res["args"]
    rat = ratios(res)
    res["ratios"] = rat
    t = res["transpile"]
    L = [
        "# rego2py bench: Tracee's CPU study with rego2py as a new row",
        "",
        f"- date: {m['date']}",
        f"- machine: {m['cpu']}, {m['cores']} cores ({m['platform']}); shared with other work, so timings are noisy",
        f"- Python: {m['python']}; OPA: {m['opa']}; rego2py commit: {m['commit']}",
        f"- stream: `rego2py workload` kernel build, seed {a['seed']}, {a['events']:,} events; "
        f"OPA rows on an evenly strided sample of {min(a['opa_events'], a['events']):,} of them; "
        f"{res['signatures']} signatures (`{Path(a['signatures']).name}/`)",
        f"- each row decodes the raw lines itself; CPU = `time.process_time` (all threads, Go's too); "
        f"median of {a['repeat']} run(s), spread = min–max over runs",
        f"- command: `rego2py bench{' --smoke' if a['smoke'] else ''} --events {a['events']} --opa-events {a['opa_events']} --repeat {a['repeat']}`",
        "",
        "## Rows",
        "",
        "| row | events | calls/event | findings | CPU µs/event | spread | events/s | maxrss Δ KiB | py heap peak KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in res["rows"]:
        lo, hi = r["spread_us"]
        L.append(
            f"| {r['title']} | {r['events']:,} | {_f(r['calls_per_event'], 2)} | {r['findings']:,}"
            + (f" ({r['errors']} errors)" if r["errors"] else "")
            + f" | {_f(r['us_per_event'])} | {_f(lo)}–{_f(hi)} | {_f(r['events_per_s'], 0)} | {r['rss_kib']:,} | {_f(r['py_kib'], 0)} |"
        )
    L += [
        "",
        "Memory: *maxrss Δ* is the growth of the process's peak resident set (`getrusage` ru_maxrss)",
        "during the row's untimed warm-up (30 events: OPA prepares its queries there) and first timed run;",
        "0 when the row stays under an earlier peak, so it depends on row order; loading the policies into",
        "OPA happens before and is not inside it. *py heap peak* is `tracemalloc`'s peak of Python",
        "allocations over a separate run on the first 100 lines (Go's heap is not seen).",
        "",
        "## Ratios (same run)",
        "",
    ]
    if "opa_fixed_us_per_call" in rat:
        L.append(f"- OPA bindings' fixed cost: **{_f(rat['opa_fixed_us_per_call'])} µs per call** "
                 "(trivial policy with the event as input, decoding left out)")
        for key, name in (("opa_sig", "OPA per signature"), ("opa_aio", "OPA all-in-one")):
            if key in rat:
                o = rat[key]
                L.append(
                    f"- {name}: {_f(o['us_per_event'])} µs/event whole, {_f(o['calls_per_event'], 2)} calls/event, "
                    f"{_f(o['less_fixed_us_per_event'])} µs/event less the fixed cost; rego2py's engine on the same events: "
                    f"{_f(o['rego2py_us_per_event'])} µs/event. **OPA/rego2py = {_f(o['opa_over_rego2py'])}× whole, "
                    f"{_f(o['opa_less_fixed_over_rego2py'])}× less the fixed cost** "
                    f"(matching only, decoding left out of both: {_f(o['matching_only_opa_less_fixed_over_rego2py'])}×)"
                )
    if "rego2py_over_decode" in rat:
        L.append(f"- rego2py engine / decoding only: {_f(rat['rego2py_over_decode'], 2)}× "
                 f"(matching costs {_f(rat['rego2py_matching_over_decode'], 2)}× decoding)")
    if "rego2py5_over_hand5_matching" in rat:
        L.append(f"- 5 signatures, matching only (decoding left out): generated / hand-written = "
                 f"{_f(rat['rego2py5_over_hand5_matching'], 2)}×")
    if "per_signature_generated_over_hand_median" in rat:
        sm = res["handwritten_summary"]
        L.append(f"- per signature evaluation, generated / hand-written, median over the {sm['signatures']} signatures "
                 f"called: {_f(sm['median'], 2)}× (range {_f(sm['min'], 2)}–{_f(sm['max'], 2)}×)")
    if "rego2py_open_over_hand_open_matching" in rat:
        L.append(f"- every signature selecting security_file_open, matching only (decoding left out): generated / "
                 f"hand-written = {_f(rat['rego2py_open_over_hand_open_matching'], 2)}×")
    tr = ", ".join(f"{k} {v['cpu_s']:.2f} s CPU ({v['wall_s']:.2f} s wall)" for k, v in t.items() if isinstance(v, dict))
    L += [
        f"- transpiling the whole corpus ({t['files']} files): {tr}",
        "",
        "## Hand-written against generated, per signature evaluation",
        "",
        "Each function on the decoded events it selects (CPU, median; generated and hand-written timed",
        "alternately, the ratio the median of the per-repeat ratios); *agree* = same findings as the",
        "generated code on every event of the stream.",
        "",
        "| signature | events | calls | findings | generated µs/call | hand-written µs/call | generated/hand | agree |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for h in res["handwritten"]:
        L.append(
            f"| {h['id']} | {h['events']} | {h['calls']:,} | {h['findings']:,} | {_f(h['generated_us'], 2)} | "
            f"{_f(h['hand_us'], 2)} | {_f(h['ratio'], 2)} | {'yes' if h['agree'] else 'NO: events ' + str(h['disagreements'])} |"
        )
    sm = res.get("handwritten_summary") or {}
    if sm.get("signatures"):
        L += ["", f"Generated/hand-written per evaluation over the {sm['signatures']} signatures called: median "
              f"{_f(sm['median'], 2)}, range {_f(sm['min'], 2)}–{_f(sm['max'], 2)} (each the median of per-repeat "
              "ratios, generated and hand-written timed alternately)."]
    L += per_event_section(res.get("per_event") or {})
    hs = res.get("hotspots")
    if hs:
        L += [
            "",
            "## Where rego2py's time goes",
            "",
            "Costliest signatures over the stream (the engine's per-match timing, `rego2py run --profile`):",
            "",
            "| signature | calls | µs/call | share of match time |",
            "| --- | ---: | ---: | ---: |",
        ]
        for h in hs["signatures"]:
            L.append(f"| {h['id']} | {h['calls']:,} | {_f(h['us_per_call'], 2)} | {h['share']:.1%} |")
        L += [
            "",
            "Costliest functions of the engine row (cProfile own time; cProfile inflates calls, read the shares):",
            "",
            "| function | calls | own s | share |",
            "| --- | ---: | ---: | ---: |",
        ]
        for h in hs["functions"]:
            L.append(f"| `{h['function']}` | {h['calls']:,} | {h['own_s']:.3f} | {h['share']:.1%} |")
    sc = res["scaling"]
    L += [
        "",
        "## Cost per event against the number of signatures",
        "",
        f"The corpus ({sc['corpus']} signatures) replicated with renamed packages and ids, each set transpiled",
        "(`build_package(..., format=False)`) and run by the engine. *same*: copies select the same events;",
        "*absent*: the signatures beyond the corpus select event names absent from the stream.",
        "",
        "| signatures | transpile CPU s | events | calls/event | same µs/event | absent µs/event | OPA per signature µs/event |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in sc["points"]:
        opa_cell = f"{_f(p['opa_us'])} ({p['opa_events']} events)" if p.get("opa_us") else "–"
        L.append(f"| {p['signatures']:,} | {p['transpile_cpu_s']:.2f} | {p['events']:,} | {_f(p['calls_per_event'], 1)} | "
                 f"{_f(p['same_us'])} | {_f(p['absent_us'])} | {opa_cell} |")
    if res.get("plot"):
        L += ["", f"![cost per event against signatures]({res['plot']})"]
    else:
        L += ["", "No plot: matplotlib is not installed (`pip install -e '.[bench]'`)."]
    L += ["", "## Checks", ""]
    ck = res["checks"]
    L.append("- same events, same findings (OPA rows against rego2py's engine; hand-written against generated): "
             + ("yes" if ck["ok"] else "NO: " + "; ".join(ck["problems"])))
    if res.get("flames"):
        L += ["", "## Flame graphs (py-spy)", ""]
        for key, what in res["flames"].items():
            L.append(f"- {TITLES.get(key, key)}: " + (f"[{what}]({what})" if what.endswith(".svg") else f"none ({what})"))
    L += ["", f"Total time of the bench: {res.get('elapsed_s', 0):.0f} s wall.", ""]
    return "\n".join(L)
