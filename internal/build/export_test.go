package build

// OutputNames lists the names of the registered outputs, for the tests
// of build_test that must cover each.
func OutputNames() []string {
	var names []string
	for _, st := range registry() {
		for _, o := range st.outputs {
			names = append(names, o.name())
		}
	}
	return names
}

// FilesByOutput lists, by output name, the files (the social exports'
// under "social/") the last full build of an in-memory session put in.
func (s *Session) FilesByOutput() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string][]string{}
	if s.last == nil {
		return m
	}
	for _, u := range s.last.run.units {
		for _, n := range u.names {
			if u.social {
				n = "social/" + n
			}
			m[u.out.name()] = append(m[u.out.name()], n)
		}
	}
	return m
}
