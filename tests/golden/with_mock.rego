# query: x = data.golden.with_mock.results
# want: {"real": 2, "mocked_input": 3, "mocked_builtin": 42, "mocked_rule": "fake"}
package golden.with_mock

import rego.v1

n := count(input.xs)

name := "real"

results := {"real": a, "mocked_input": b, "mocked_builtin": c, "mocked_rule": d} if {
	a := n with input.xs as [1, 2]
	b := n with input as {"xs": [1, 2, 3]}
	c := n with count as 42 with input.xs as []
	d := name with name as "fake"
}
