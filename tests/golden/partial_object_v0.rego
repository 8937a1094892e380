# query: x = data.golden.partial_object.by_name
# input: {"users": [{"name": "a", "uid": 0}, {"name": "b", "uid": 1000}]}
# want: {"a": 0, "b": 1000}
package golden.partial_object

by_name[name] = uid {
	user := input.users[_]
	name := user.name
	uid := user.uid
}
