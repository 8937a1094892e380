# query: x = data.golden.partial_set.admins
# input: {"users": [{"name": "a", "admin": true}, {"name": "b", "admin": false}, {"name": "c", "admin": true}]}
# want: ["a", "c"]
package golden.partial_set

import rego.v1

admins contains u.name if {
	some u in input.users
	u.admin == true
}
