# query: x = [data.golden.functions.kind(1), data.golden.functions.kind("s"), data.golden.functions.kind([1]), data.golden.functions.pair([1, 2])]
# want: ["number", "string", "other", 3]
package golden.functions

import rego.v1

kind(x) := "number" if is_number(x)

kind(x) := "string" if is_string(x)

default kind(_) := "other"

pair([a, b]) := a + b
