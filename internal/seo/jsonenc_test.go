package seo

import (
	"testing"
)

// checkJSON asserts that appendJSON writes what Marshal (encoding/json)
// writes for v.
func checkJSON(t *testing.T, v any) {
	t.Helper()
	want, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := appendJSON(nil, v)
	if !ok {
		t.Fatalf("appendJSON declined %#v", v)
	}
	if string(got) != string(want) {
		t.Fatalf("appendJSON differs from encoding/json\n got: %s\nwant: %s", got, want)
	}
}

func jsonNode(a, b string, n int, yes bool) Node {
	return Node{
		"@type": a, "name": b, "z": n, "a": yes, "nil": nil, b: a,
		"list":  []string{a, b, ""},
		"nodes": []Node{{"@id": b}, {}, {"x": []any{a, n, yes, Node{"k": b}}}},
		"none":  []string(nil), "nonodes": []Node(nil), "nomap": Node(nil),
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "</script><!--", "a & b > c",
		"\u2028\u2029", "tab\tnew\nline\rcr\bback\fform\x00\x1f\x7f", "bad \xff utf8 \xc3",
		"émoji 💉 ünï", "https://example.org/a?b=c&d=e",
	} {
		checkJSON(t, jsonNode(s, "n"+s, -42, true))
		checkJSON(t, jsonNode("t", s, 0, false))
	}
}

func TestAppendJSONDeclinesOtherTypes(t *testing.T) {
	if _, ok := appendJSON(nil, Node{"f": 1.5}); ok {
		t.Error("encoded a float, which encoding/json writes its own way")
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("BlogPosting", "<b>&", 3, true)
	f.Add("\u2028", "\xff", -1, false)
	f.Fuzz(func(t *testing.T, a, b string, n int, yes bool) {
		checkJSON(t, jsonNode(a, b, n, yes))
	})
}
