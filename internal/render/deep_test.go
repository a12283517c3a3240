package render

import "testing"

func TestReadsDeep(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`<h2>{{ .Title }}</h2>{{ .Summary }}{{ .ReadingMinutes }} min`, false},
		{`{{ range .Page.Person.Posts }}{{ partialCached "partials/post-card.html" . . }}{{ end }}`, false},
		{`<title>{{ .Page.Title }}</title>`, false},
		{`{{ seoHead .Page }}{{ jsonLD $.Page }}{{ with title .Page }}{{ . }}{{ end }}`, false},
		{`{{- seoHead .Page -}}`, false},
		{`{{ .Page.Content }}`, false},
		{`{{ range .Site.Posts }}{{ .WordCount }}{{ end }}`, true},
		{`{{ range .Pager.Pages }}{{ .Meta.About }}{{ end }}`, true},
		{`{{ with .Page.Next }}{{ .Source.Path }}{{ end }}`, true},
		{`{{ range .Page.TOC }}{{ .Text }}{{ end }}`, false},
		{`{{ range .Page.Pager.Pages }}{{ .Content }}{{ end }}`, true},
		{`{{ with .Page.Next }}{{ .Content }}{{ end }}`, true},
		{`{{ range .Site.Posts }}{{ .TOC }}{{ end }}`, true},
		{`{{ $p.Content }}`, true},
		{`{{ range .Site.Posts }}{{ jsonLD . }}{{ end }}`, true},
		{`{{ seoHead .Page.Next }}`, true},
		{`{{ title $post }}`, true},
		{"{{ range .Site.Posts }}{{\n  .WordCount\n}}{{ end }}", true},
	}
	for _, tt := range tests {
		if got := ReadsDeep([]byte(tt.src)); got != tt.want {
			t.Errorf("ReadsDeep(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}
