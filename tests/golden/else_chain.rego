# query: x = data.golden.else_chain.levels
# want: ["high", "low", "none"]
package golden.else_chain

import rego.v1

level := "high" if {
	input.n > 10
} else := "low" if {
	input.n > 0
} else := "none"

levels := [a, b, c] if {
	a := level with input as {"n": 50}
	b := level with input as {"n": 5}
	c := level with input as {"n": 0}
}
