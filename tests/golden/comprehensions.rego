# query: x = data.golden.comprehensions
# input: {"procs": [{"pid": 1, "comm": "init"}, {"pid": 7, "comm": "sh"}, {"pid": 9, "comm": "sh"}]}
# want: {"pids": [1, 7, 9], "comms": ["init", "sh"], "by_pid": {"1": "init", "7": "sh", "9": "sh"}}
package golden.comprehensions

import rego.v1

pids := [p.pid | some p in input.procs]

comms := {p.comm | some p in input.procs}

by_pid := {sprintf("%d", [p.pid]): p.comm | some p in input.procs}
