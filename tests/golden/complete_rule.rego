# query: x = data.golden.complete
# strict-golden: yes
# input: {"user": "alice", "roles": ["admin", "dev"]}
# want: {"allow": true, "name": "alice", "first_role": "admin", "count_roles": 2, "n": 2}
package golden.complete

import rego.v1

allow if input.user == "alice"

name := input.user

first_role := input.roles[0]

count_roles := n if n := count(input.roles)

n := count_roles
