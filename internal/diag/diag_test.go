package diag

import (
	"errors"
	"testing"
)

func TestClosest(t *testing.T) {
	known := []string{"title", "description", "author", "reviewed_by", "url", "date"}
	tests := []struct{ word, want string }{
		{"titel", "title"},
		{"auther", "author"},
		{"reviewed-by", "reviewed_by"},
		{"ulr", "url"},
		{"Title", "title"},
		{"zzz", ""},
		{"foo", ""},
		{"descripton", "description"},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, known); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{Errorf(Pos{File: "a.md", Line: 3, Col: 7}, "fix it", "bad %s", "thing"), "a.md:3:7: bad thing (fix it)"},
		{Errorf(Pos{File: "a.md", Line: 3}, "", "bad"), "a.md:3: bad"},
		{Warnf(Pos{File: "a.md"}, "", "empty file"), "a.md: warning: empty file"},
		{Errorf(Pos{}, "", "no file"), "no file"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	var l List
	l.Add(nil)
	l.Add(Warnf(Pos{File: "b.md", Line: 1}, "", "w"))
	l.Add(Errorf(Pos{File: "a.md", Line: 9}, "", "e"))
	l.Add(errors.New("plain"))
	l.Sort()
	if len(l) != 3 || l[0].Msg != "plain" || l[1].Pos.File != "a.md" {
		t.Fatalf("sorted list: %v", l)
	}
	if len(l.Errors()) != 2 || len(l.Warnings()) != 1 || l.Err() == nil {
		t.Errorf("errors %d warnings %d", len(l.Errors()), len(l.Warnings()))
	}
	var only List
	only.Add(Warnf(Pos{}, "", "w"))
	if only.Err() != nil {
		t.Error("a list of warnings is not an error")
	}
}
